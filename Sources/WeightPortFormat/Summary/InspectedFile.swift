/// What the caller of `inspect` knows about the file itself, beyond the model in it: shown in the
/// header of the text summary and under `format` / `file` in the JSON report.
///
/// Provenance (source format, source file, SHA-256, framework and importer versions) is not
/// repeated here: it comes from the model (`Model.provenance`), for a `.wpk` and for a source file
/// imported in memory alike.
public struct InspectedFile: Sendable, Hashable {
    /// File name as the user gave it (`mobilenet_v2.wpk`).
    public var name: String
    /// File size in bytes, or `nil` when unknown.
    public var sizeInBytes: Int?
    /// The container and its version, printed as the JSON report's `format`: `wpk 1.0` for a WPK
    /// file, the source format (`keras_h5`, `keras_v3`, `onnx`, ...) for a source file.
    public var format: String
    /// Whether the file embeds reference inputs and expected outputs; `nil` to take it from the
    /// model (`Model.reference != nil`).
    public var hasReferenceVectors: Bool?

    /// Creates a file description.
    public init(name: String, sizeInBytes: Int? = nil, format: String, hasReferenceVectors: Bool? = nil) {
        self.name = name
        self.sizeInBytes = sizeInBytes
        self.format = format
        self.hasReferenceVectors = hasReferenceVectors
    }
}
