import Foundation
import WeightPortFormat
import WeightPortKeras
import WeightPortONNX

/// A model opened from any file kind the CLI accepts, with what `inspect` shows about the file.
struct ModelSource {
    /// The canonical model.
    var model: Model
    /// What the file was: `wpk 1.0`, `keras_h5`, `onnx`, ...
    var format: String
    /// The opened WPK, when the file was one (for its tensor checksums).
    var wpk: WPKFile?
    /// Size of the file in bytes.
    var fileSize: Int?

    /// Opens `path`: a `.wpk` is mapped; a Keras or ONNX source is imported in memory (nothing is
    /// written). `architecture` is needed for weights-only Keras files.
    /// - Throws: the format's or importer's error, naming the file and the reason.
    static func open(path: String, architecture: ArchitectureSpec?) throws -> ModelSource {
        let url = URL(fileURLWithPath: path)
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard FileManager.default.fileExists(atPath: path) else {
            throw FormatError.io(file: path, reason: "no such file")
        }
        if url.pathExtension.lowercased() == "wpk" {
            let wpk = try WPKFile(contentsOf: url)
            return ModelSource(model: wpk.model, format: "wpk \(wpk.formatVersion)", wpk: wpk, fileSize: wpk.fileSize)
        }
        let model = try importSource(url: url, architecture: architecture)
        return ModelSource(model: model, format: model.provenance.sourceFormat, wpk: nil, fileSize: fileSize)
    }

    /// Runs the importer that reads `url`'s kind of file. A Keras importer hands each tensor to
    /// `tensorSink` as it reads it.
    static func importSource(url: URL, architecture: ArchitectureSpec?, tensorSink: (any TensorSink)? = nil) throws -> Model {
        let options = KerasImportOptions(importerVersion: "weightport \(WeightPortVersion.current)", tensorSink: tensorSink)
        switch url.pathExtension.lowercased() {
        case "h5", "hdf5", "keras":
            if let architecture {
                return try KerasImporter.importWeights(at: url, architecture: architecture, options: options)
            }
            return try KerasImporter.importModel(at: url, options: options)
        case "onnx":
            return try ONNXImporter.importModel(at: url)
        default:
            throw FormatError.io(file: url.path, reason: "unknown file kind: expected .wpk, .h5, .weights.h5, .keras or .onnx")
        }
    }
}

extension ModelSource {
    /// The architecture alone, as Keras builds it, with zero-filled weights of the right shapes.
    /// - Throws: `KerasImportError.invalidArchitecture` for an invalid spec.
    static func architecture(_ spec: ArchitectureSpec) throws -> ModelSource {
        let model = try KerasImporter.architectureModel(for: spec, importerVersion: "weightport \(WeightPortVersion.current)")
        return ModelSource(model: model, format: "architecture", wpk: nil, fileSize: nil)
    }
}
