import ArgumentParser
import Foundation
import WeightPortFormat

/// `weightport convert`: any source file → `.wpk`, optionally embedding reference vectors.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a Keras or ONNX model file to a .wpk file.",
        discussion: """
        Reads a Keras legacy .h5 (Keras 3 or tf.keras 2), a Keras 3 .keras archive, a weights-only \
        .weights.h5 or legacy weights-only .h5 (with --arch), or an ONNX file, and writes the \
        canonical model to OUTPUT atomically: an existing OUTPUT is replaced only when the whole \
        conversion succeeded.

        Examples:
          weightport convert mobilenet.h5 -o mobilenet.wpk
          weightport convert model.onnx -o model.wpk
          weightport convert v2.weights.h5 -o v2.wpk \\
              --arch mobilenet_v2 --alpha 0.35 --input-size 96 --classes 10
          weightport convert model.h5 -o model.wpk \\
              --reference-inputs x.npy --reference-outputs logits.npy
        """
    )

    @Argument(help: "The source model file (.h5, .weights.h5, .keras, .onnx).")
    var input: String

    @Option(name: .shortAndLong, help: "The .wpk file to write.")
    var output: String

    @OptionGroup(title: "Architecture (weights-only files)")
    var architecture: ArchitectureOptions

    @Option(help: "Reference inputs (.npy, in the source's layout) to embed.")
    var referenceInputs: String?

    @Option(help: "The source framework's outputs for --reference-inputs (.npy) to embed.")
    var referenceOutputs: String?

    @Option(help: "Absolute tolerance stored with the reference vectors.")
    var atol: Double = 1e-4

    @Option(help: "Relative tolerance stored with the reference vectors.")
    var rtol: Double = 1e-3

    func validate() throws {
        guard (referenceInputs == nil) == (referenceOutputs == nil) else {
            throw ValidationError("--reference-inputs and --reference-outputs go together")
        }
    }

    func run() throws {
        let started = Date()
        // A Keras importer's tensors go to the output file from the moment the source is hashed,
        // while the rest is translated and the manifest encoded.
        let (model, size) = try WPKStreamingWriter.write(to: URL(fileURLWithPath: output)) { sink in
            var model = try ModelSource.importSource(url: URL(fileURLWithPath: input), architecture: try architecture.spec(), tensorSink: sink)
            if let referenceInputs, let referenceOutputs {
                model.reference = try ReferenceEmbedding.load(inputs: referenceInputs, expected: referenceOutputs, for: model,
                                                              atol: Float(atol), rtol: Float(rtol))
            }
            return model
        }
        let parameters = model.tensors.reduce(0) { $0 + $1.elementCount }
        let seconds = Date().timeIntervalSince(started)
        print("""
        converted \(input) (\(model.provenance.sourceFormat)\(model.provenance.frameworkVersion.map { ", \($0)" } ?? "")) → \(output)
          \(model.nodes.count) nodes, \(model.tensors.count) tensors, \(parameters) parameters, \(size) bytes\
        \(model.reference.map { ", reference vectors of shape \($0.inputs.shape) → \($0.expected.shape)" } ?? ""), \
        \(String(format: "%.2f", seconds)) s
        """)
    }
}
