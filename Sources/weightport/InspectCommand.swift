import ArgumentParser
import Foundation
import WeightPortFormat

/// `weightport inspect`: a model's layers, shapes, parameters and multiply-adds.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model layer by layer: op, output shape, parameters, multiply-adds, totals.",
        discussion: """
        FILE may be a .wpk (only its header and manifest are read), a Keras .h5, .keras or \
        .weights.h5 (with --arch), or an .onnx file (imported in memory; nothing is written). \
        With --arch and no FILE, shows the architecture alone.

        \(ModelSummary.countingRules)

        Examples:
          weightport inspect mobilenet.wpk
          weightport inspect model.onnx --json
          weightport inspect --arch mobilenet_v2 --alpha 0.75 --input-size 160 --classes 1000
          weightport inspect mobilenet.wpk --dot | dot -Tsvg > mobilenet.svg
        """
    )

    @Argument(help: "The model file (.wpk, .h5, .weights.h5, .keras, .onnx).")
    var file: String?

    @OptionGroup(title: "Architecture (weights-only files, or no file)")
    var architecture: ArchitectureOptions

    @Flag(help: "Print one JSON object (keys: format, model, layers, totals, breakdown, separable).")
    var json = false

    @Flag(help: "List every stored tensor: name, dtype, shape, layout, bytes, checksum.")
    var tensors = false

    @Flag(help: "Print the graph in Graphviz DOT, one node per layer labelled with op and output shape.")
    var dot = false

    func validate() throws {
        guard [json, tensors, dot].filter({ $0 }).count <= 1 else { throw ValidationError("choose one of --json, --tensors, --dot") }
        guard file != nil || architecture.arch != nil else { throw ValidationError("give a FILE, or --arch for an architecture alone") }
    }

    func run() throws {
        let spec = try architecture.spec()
        let source: ModelSource
        if let file {
            source = try ModelSource.open(path: file, architecture: spec)
        } else if let spec {
            source = try ModelSource.architecture(spec)
        } else {
            throw ValidationError("give a FILE, or --arch for an architecture alone")
        }
        let summary = try ModelSummary(model: source.model)
        let described = InspectedFile(name: file.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "none, built from --arch",
                                      sizeInBytes: source.fileSize, format: source.format)
        let table = TensorTable(model: source.model, checksums: source.wpk?.tensorChecksums ?? [:],
                                checksumName: source.wpk == nil ? "checksum" : "xxh64")
        if json {
            print(String(decoding: try InspectReport(summary: summary, file: described, tensors: table).jsonData(), as: UTF8.self))
        } else if tensors {
            print(table.text(), terminator: "")
        } else if dot {
            print(summary.dot(), terminator: "")
        } else {
            print(summary.text(file: described), terminator: "")
        }
    }
}
