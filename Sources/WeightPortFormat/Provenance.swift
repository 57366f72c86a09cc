/// Where a canonical model came from, recorded in every WPK manifest.
public struct Provenance: Sendable, Hashable, Codable {
    /// Source format: `keras_h5`, `keras_v3`, `keras_weights_h5`, `keras_legacy_weights_h5`, `onnx`,
    /// or `architecture` for a model built from `--arch` alone.
    public var sourceFormat: String
    /// File name of the source (no directories: a WPK must not leak local paths).
    public var sourceFile: String
    /// Lowercase hex SHA-256 of the source file's bytes.
    public var sourceSHA256: String
    /// The framework and version that wrote the source, if it says (`keras 3.15.1`, `pytorch 2.13.0`).
    public var frameworkVersion: String?
    /// `weightport <version>` that imported it.
    public var importerVersion: String
    /// ISO 8601 UTC time of conversion.
    public var createdAt: String

    /// Creates a provenance record.
    public init(sourceFormat: String, sourceFile: String, sourceSHA256: String, frameworkVersion: String?,
                importerVersion: String, createdAt: String) {
        self.sourceFormat = sourceFormat
        self.sourceFile = sourceFile
        self.sourceSHA256 = sourceSHA256
        self.frameworkVersion = frameworkVersion
        self.importerVersion = importerVersion
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case sourceFormat = "source_format"
        case sourceFile = "source_file"
        case sourceSHA256 = "source_sha256"
        case frameworkVersion = "framework_version"
        case importerVersion = "importer_version"
        case createdAt = "created_at"
    }
}
