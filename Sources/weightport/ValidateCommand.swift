import ArgumentParser
import Foundation
import WeightPortFormat
import WeightPortRuntime

/// `weightport validate`: runs a `.wpk` model on reference inputs and compares its outputs with the
/// source framework's.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Prove a .wpk model computes the source framework's outputs.",
        discussion: """
        Checks the file's integrity, runs the embedded reference inputs (or --inputs) through the \
        runtime and compares the outputs with the embedded expected outputs (or --expected): max \
        abs/rel difference, cosine per sample, top-1/top-5 agreement. Passes when every element \
        satisfies |actual − expected| ≤ atol + rtol·|expected| and every sample keeps its top-1 class.
        Exits 0 when parity holds, 1 when it does not or the file is damaged, 2 on bad input.

        Examples:
          weightport validate mobilenet.wpk
          weightport validate mobilenet.wpk --inputs x.npy --expected logits.npy --atol 1e-4 --json
        """
    )

    @Argument(help: "The .wpk model.")
    var model: String

    @Option(help: "Inputs (.npy, source layout); default: the embedded reference inputs.")
    var inputs: String?

    @Option(help: "Expected outputs (.npy); default: the embedded reference outputs.")
    var expected: String?

    @Option(help: "Absolute tolerance (default: the embedded one, else 1e-4).")
    var atol: Double?

    @Option(help: "Relative tolerance (default: the embedded one, else 1e-3).")
    var rtol: Double?

    @Option(help: "Intra-op threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Samples per forward pass: larger is faster, smaller needs less memory.")
    var batchSize: Int = 1

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard (inputs == nil) == (expected == nil) else { throw ValidationError("--inputs and --expected go together") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let file = try WPKFile(contentsOf: URL(fileURLWithPath: model))
        let problems = file.verify()
        guard problems.isEmpty else {
            FileHandle.standardError.write(Data("\(model): integrity check FAILED\n\(problems.map { "  \($0)" }.joined(separator: "\n"))\n".utf8))
            throw ExitCode(1)
        }
        let (inputArray, expectedArray, defaults) = try references(of: file)
        _ = try file.model.sourceOutputShape(forSourceInput: inputArray.shape, arrayName: inputs ?? "embedded reference inputs")
        let session = try InferenceSession(model: file.model, options: RuntimeOptions(threads: threads))
        let actual = try session.run(inputArray, maxBatch: batchSize)
        let report = try ParityReport(actual: actual, expected: expectedArray,
                                      atol: atol ?? defaults.atol, rtol: rtol ?? defaults.rtol)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("\(model): \(report.passed ? "PASS" : "FAIL") (\(actual.shape[0]) samples, \(inputs == nil ? "embedded reference vectors" : "\(inputs ?? "") vs \(expected ?? "")"))")
            print(ParityText.render(report))
        }
        if !report.passed { throw ExitCode(1) }
    }

    /// The inputs, expected outputs and default tolerances: from the options or from the file.
    private func references(of file: WPKFile) throws -> (NDArray, NDArray, (atol: Double, rtol: Double)) {
        if let inputs, let expected {
            let reference = file.model.reference
            return (try NpyFile.read(contentsOf: URL(fileURLWithPath: inputs)),
                    try NpyFile.read(contentsOf: URL(fileURLWithPath: expected)),
                    (reference.map { Double("\($0.atol)") ?? 1e-4 } ?? 1e-4, reference.map { Double("\($0.rtol)") ?? 1e-3 } ?? 1e-3))
        }
        guard let reference = file.model.reference else {
            throw ValidationError("\(model) embeds no reference vectors: pass --inputs and --expected")
        }
        return (try NDArray(shape: reference.inputs.shape, values: reference.inputs.floatValues()),
                try NDArray(shape: reference.expected.shape, values: reference.expected.floatValues()),
                (Double("\(reference.atol)") ?? 1e-4, Double("\(reference.rtol)") ?? 1e-3))
    }
}
