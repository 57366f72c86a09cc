import ArgumentParser
import Foundation
import WeightPortFormat
import WeightPortRuntime

/// `weightport run`: one forward pass of a `.wpk` model on a `.npy` input.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a .wpk model on a .npy input and write its output as .npy.",
        discussion: """
        Arrays are in the source's layout: NHWC for Keras models, NCHW for ONNX models; the \
        runtime transposes at the model's edges only. Any batch size.

        Example:
          weightport run mobilenet.wpk --input images.npy --output logits.npy
        """
    )

    @Argument(help: "The .wpk model.")
    var model: String

    @Option(help: "Input array (.npy, float32 or float16).")
    var input: String

    @Option(help: "Where to write the output array (.npy, float32).")
    var output: String

    @Option(help: "Intra-op threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Samples per forward pass: larger is faster, smaller needs less memory.")
    var batchSize: Int = 1

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let file = try WPKFile(contentsOf: URL(fileURLWithPath: model))
        let array = try NpyFile.read(contentsOf: URL(fileURLWithPath: input))
        _ = try file.model.sourceOutputShape(forSourceInput: array.shape, arrayName: input)
        let session = try InferenceSession(model: file.model, options: RuntimeOptions(threads: threads))
        let result = try session.run(array, maxBatch: batchSize)
        try NpyFile.write(result, to: URL(fileURLWithPath: output))
        print("wrote \(output): shape \(result.shape)")
    }
}
