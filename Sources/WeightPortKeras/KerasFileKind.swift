import Foundation
import WeightPortFormat

/// The kinds of Keras file WeightPort reads; raw values are `Provenance.sourceFormat` values.
public enum KerasFileKind: String, Sendable, CaseIterable {
    /// Legacy full model, `model.save("m.h5")` (Keras 3 or tf.keras 2): configuration and weights.
    case legacyFullModel = "keras_h5"
    /// Keras 3 archive, `model.save("m.keras")`: `config.json`, `metadata.json`, `model.weights.h5`.
    case archive = "keras_v3"
    /// Keras 3 weights only, `model.save_weights("m.weights.h5")`: needs an architecture.
    case weightsOnly = "keras_weights_h5"
    /// Legacy weights only, tf.keras `model.save_weights("m.h5")`: needs an architecture.
    case legacyWeightsOnly = "keras_legacy_weights_h5"

    /// Whether the file carries no configuration, so that an import needs
    /// `KerasImportOptions.architecture`.
    public var needsArchitecture: Bool { self == .weightsOnly || self == .legacyWeightsOnly }

    /// Recognises a file by its content, not its name: a zip is an archive; an HDF5 file with a
    /// `model_config` attribute is a full model, with a `layers` group a Keras 3 weights file, with
    /// a `layer_names` attribute a legacy weights file. Reads the file's header and root only.
    /// - Throws: `KerasImportError.fileNotFound`, `.notHDF5`, `.invalidObject` (an HDF5 file
    ///   of none of these shapes).
    public static func detect(at url: URL) throws -> KerasFileKind {
        try open(url, mapping: try? MappedFile(contentsOf: url)).kind
    }

    /// The kind of the file at `url` and, for an HDF5 file, its root group, still open for the
    /// import that follows (`nil` for an archive); `mapping` is the file mapped, if it could be
    /// (`HDF5File.open(_:mapping:)`).
    /// - Throws: as `detect(at:)`.
    static func open(_ url: URL, mapping: MappedFile?) throws -> (kind: KerasFileKind, root: HDF5Group?) {
        let file = url.lastPathComponent
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw KerasImportError.fileNotFound(file: file) }
        let magic = (try? handle.read(upToCount: 4)) ?? nil
        try? handle.close()
        if magic == Data([0x50, 0x4B, 0x03, 0x04]) { return (.archive, nil) }
        let root = try HDF5File.open(url, mapping: mapping).root()
        return (try kind(of: root), root)
    }

    /// The kind of an open HDF5 file, from its root.
    static func kind(of root: HDF5Group) throws -> KerasFileKind {
        if try root.attribute("model_config") != nil || root.attribute("model_config0") != nil { return .legacyFullModel }
        if try root.attribute("layer_names") != nil { return .legacyWeightsOnly }
        if root.contains("layers") { return .weightsOnly }
        throw KerasImportError.invalidObject(file: root.file.name, object: "/",
                                             reason: "holds no model_config, layer_names or layers/: not a Keras model or weights file")
    }
}
