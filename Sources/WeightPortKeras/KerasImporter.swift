import Foundation
import WeightPortDigest
import WeightPortFormat

/// Imports Keras model files into the canonical `Model`.
///
/// Reads, whatever framework version wrote them (see `KerasFileKind`):
/// - legacy full-model HDF5 (`model.save("m.h5")`) of Keras 3 and of tf.keras 2 — the
///   configuration comes from the file's `model_config` attribute;
/// - Keras 3 `.keras` archives (configuration from `config.json`);
/// - weights-only files (Keras 3 `.weights.h5`, legacy weights-only `.h5`) with the
///   architecture given in `KerasImportOptions.architecture`.
///
/// Entry points:
/// - `importModel(at:options:)` — any file kind; weights-only files need
///   `options.architecture`, a `KerasModelConfig` read from Keras 3 `model.to_json()` text
///   (`KerasModelConfig(jsonData:file:)`) or built for an `ArchitectureSpec`
///   (`KerasModelConfig(architecture:)`).
/// - `importWeights(at:architecture:options:)` — the same for a MobileNet `ArchitectureSpec`,
///   with hints naming the alpha or classes that fit when the shapes do not.
///
/// Internally one translator (`KerasGraphTranslator`) turns a configuration into nodes, reading
/// variables through a weight source per layout: legacy `.h5` groups (`LegacyWeightSource`) or
/// Keras 3 `layers/<class>/vars/<i>` groups of a `.weights.h5` or `.keras` payload
/// (`KerasV3WeightSource`).
///
/// Every layer of the configuration is translated or the import fails: nothing is skipped, and
/// a stored variable no layer uses is an error too.
public enum KerasImporter {
    /// Imports the Keras file at `url`.
    ///
    /// Cost: every stored variable once: a zero-copy view of the mapped file when it is stored
    /// there as it is (Keras' contiguous little-endian float32), else a read into new aligned
    /// memory (O(weights)); plus one pass over the file for its SHA-256 on a second thread
    /// (`BackgroundFileDigest`), overlapping the import, where the tensors' checksums
    /// (`ByteStorage.checksum`, for a writer) are then computed as they are read. Each tensor also
    /// goes to `options.tensorSink`, if any, as it is read. Tensors may keep the file mapped.
    /// - Returns: a validated model whose nodes are in topological order, with value names equal to
    ///   layer names (`outer/inner` inside nested models) and tensors named `<layer>/<variable>`.
    /// - Throws: `KerasImportError` naming the file, and where it applies the layer, its class and
    ///   the reason.
    public static func importModel(at url: URL, options: KerasImportOptions = .init()) throws -> Model {
        let fileName = url.lastPathComponent
        // One mapping of the file for the digest and libhdf5 (nil when it cannot be mapped: both
        // then read the file, and report why).
        let mapping = try? MappedFile(contentsOf: url)
        // The caller's sink may start its work once the source is hashed.
        let sink = options.tensorSink
        let digest = BackgroundFileDigest(ofFileAt: url, mapping: mapping, whenHashed: { sink?.startWorking() })
        defer { digest.endChecksums() }
        switch try KerasFileKind.open(url, mapping: mapping) {
        case let (.legacyFullModel, root?):
            return try importLegacyModel(root: root, url: url, digest: digest, options: options)
        case let (.weightsOnly, root?):
            guard let architecture = options.architecture else { throw KerasImportError.architectureRequired(file: fileName) }
            return try importWeights(KerasV3WeightSource(root: root), architecture: architecture, kind: .weightsOnly,
                                     kerasVersion: try root.attribute("keras_version")?.string(), url: url, digest: digest, options: options)
        case let (.legacyWeightsOnly, root?):
            guard let architecture = options.architecture else { throw KerasImportError.architectureRequired(file: fileName) }
            let renaming = try LegacyWeightSource.positionalRenaming(root: root, config: architecture,
                                                                     weightedClasses: KerasGraphTranslator.weightedClasses)
            return try importWeights(LegacyWeightSource(root: root, renaming: renaming), architecture: architecture, kind: .legacyWeightsOnly,
                                     kerasVersion: try root.attribute("keras_version")?.string(), url: url, digest: digest, options: options)
        default:
            // An archive: the one kind `open` returns without an HDF5 root.
            return try importArchive(at: url, digest: digest, options: options)
        }
    }

    /// A weights-only file read through `architecture` (a Keras 3 configuration).
    private static func importWeights(_ weights: any KerasWeightSource, architecture: KerasModelConfig, kind: KerasFileKind,
                                      kerasVersion: String?, url: URL, digest: BackgroundFileDigest,
                                      options: KerasImportOptions) throws -> Model {
        var translator = KerasGraphTranslator(file: url.lastPathComponent, dialect: .keras3, weights: weights,
                                              sinks: tensorSinks(digest, options))
        try translator.translate(architecture)
        return try assemble(translator, name: architecture.name, url: url, digest: digest, sourceFormat: kind.rawValue,
                            frameworkVersion: frameworkVersion(kerasVersion: kerasVersion), options: options)
    }

    /// The model from a translator's result, with provenance (the source's SHA-256 from `digest`,
    /// started when the import began), validated.
    static func assemble(_ translator: KerasGraphTranslator, name: String, url: URL, digest: BackgroundFileDigest, sourceFormat: String,
                         frameworkVersion: String?, options: KerasImportOptions) throws -> Model {
        let file = url.lastPathComponent
        let sha256: String
        do {
            sha256 = try digest.hexDigest()
        } catch {
            throw KerasImportError.fileNotFound(file: file)
        }
        let provenance = Provenance(sourceFormat: sourceFormat, sourceFile: file, sourceSHA256: sha256,
                                    frameworkVersion: frameworkVersion, importerVersion: options.importerVersion,
                                    createdAt: options.createdAt ?? Provenance.timestamp())
        do {
            let model = try Model(name: name, inputs: translator.inputs, outputs: translator.outputs, nodes: translator.nodes,
                                  tensors: translator.tensors, provenance: provenance)
            try model.validate()
            return model
        } catch let error as FormatError {
            throw KerasImportError.invalidModel(file: file, reason: error.description)
        }
    }

    /// Where a translator hands each layer's tensors: `digest` (for their checksums) and
    /// `options.tensorSink`, if any.
    static func tensorSinks(_ digest: BackgroundFileDigest, _ options: KerasImportOptions) -> [any TensorSink] {
        [digest] + (options.tensorSink.map { [$0] } ?? [])
    }

    /// `keras 3.15.1` or `tf_keras 2.21.0` from a file's `keras_version`.
    static func frameworkVersion(kerasVersion: String?) -> String? {
        guard let kerasVersion, !kerasVersion.isEmpty else { return nil }
        return KerasDialect(kerasVersion: kerasVersion) == .tfKeras2 ? "tf_keras \(kerasVersion)" : "keras \(kerasVersion)"
    }
}
