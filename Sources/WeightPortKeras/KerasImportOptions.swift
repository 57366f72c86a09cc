import Foundation
import WeightPortFormat

/// Settings of a Keras import.
public struct KerasImportOptions: Sendable {
    /// The architecture for weights-only files (`.weights.h5`, legacy weights-only `.h5`), as a
    /// model configuration in Keras 3's `model.to_json()` dialect; ignored for files that carry
    /// their own configuration.
    public var architecture: KerasModelConfig?
    /// Recorded as `Provenance.importerVersion`.
    public var importerVersion: String
    /// Recorded as `Provenance.createdAt` (ISO 8601 UTC); `nil` uses the current time.
    public var createdAt: String?
    /// Takes each tensor's storage as soon as it is read, in model order; is told to start once
    /// the source is hashed (a `WPKStreamingWriter` then starts writing them) and, before the
    /// import's clean-up, that it has them all. The model returned holds the same storages.
    public var tensorSink: (any TensorSink)?

    /// Creates options.
    public init(architecture: KerasModelConfig? = nil, importerVersion: String = "weightport 0.1.0", createdAt: String? = nil,
                tensorSink: (any TensorSink)? = nil) {
        self.architecture = architecture
        self.importerVersion = importerVersion
        self.createdAt = createdAt
        self.tensorSink = tensorSink
    }
}
