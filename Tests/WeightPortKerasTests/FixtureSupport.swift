import Foundation
import Synchronization
import WeightPortFormat
import WeightPortKeras

/// The repository's `Fixtures/` folder and its `MANIFEST.json`.
enum Fixtures {
    /// `Fixtures/` at the repository root, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// One manifest entry (only the keys these tests read).
    struct Entry: Decodable, Sendable, CustomStringConvertible {
        let id: String
        let file: String
        let kind: String
        let sha256: String?
        let framework: String?
        let frameworkVersion: String?
        let arch: String?
        let alpha: Double?
        let inputSize: Int?
        let classes: Int?
        let includeTop: Bool?
        let minimalistic: Bool?
        let includePreprocessing: Bool?
        let classifierActivation: String?
        let pooling: String?
        let weightsDtype: String?
        let countParams: Int?
        let inputs: String?
        let inputShape: [Int]?
        let expected: String?
        let expectedShape: [Int]?
        let weightFamily: String?
        let expectedFP32Compute: String?
        let rebuildArgs: RebuildArguments?

        enum CodingKeys: String, CodingKey {
            case id, file, kind, sha256, framework, arch, alpha, classes, minimalistic, inputs, expected
            case frameworkVersion = "framework_version", inputSize = "input_size", includeTop = "include_top"
            case includePreprocessing = "include_preprocessing", classifierActivation = "classifier_activation", pooling
            case weightsDtype = "weights_dtype", countParams = "count_params", inputShape = "input_shape"
            case expectedShape = "expected_shape", weightFamily = "weight_family"
            case expectedFP32Compute = "expected_fp32_compute", rebuildArgs = "rebuild_args"
        }

        /// What the generator passed to `keras.applications` for a weights-only fixture.
        struct RebuildArguments: Decodable, Sendable {
            let arch: String
            let alpha: Double
            let inputSize: Int
            let classes: Int?
            let minimalistic: Bool?
            let includeTop: Bool
            let pooling: String?
            let classifierActivation: String?
            let includePreprocessing: Bool?

            enum CodingKeys: String, CodingKey {
                case arch, alpha, classes, minimalistic, pooling
                case inputSize = "input_size", includeTop = "include_top", classifierActivation = "classifier_activation"
                case includePreprocessing = "include_preprocessing"
            }
        }

        /// The architecture of a weights-only fixture, or `nil` for a file with its own config.
        func architecture() throws -> ArchitectureSpec? {
            guard let args = rebuildArgs else { return nil }
            guard let architecture = KerasArchitecture(rawValue: args.arch) else { throw FixtureError.unknownArchitecture(args.arch) }
            return ArchitectureSpec(architecture, alpha: args.alpha, inputSize: args.inputSize, classes: args.classes ?? 1000,
                                    includeTop: args.includeTop, pooling: args.pooling.flatMap(ArchitectureSpec.Pooling.init(rawValue:)),
                                    minimalistic: args.minimalistic ?? false, includePreprocessing: args.includePreprocessing ?? true,
                                    classifierActivation: args.classifierActivation)
        }

        var url: URL { Fixtures.root.appendingPathComponent(file) }
        var description: String { id }
    }

    private struct Manifest: Decodable {
        let fixtures: [Entry]
    }

    /// Every manifest entry (empty when the manifest is missing: tests that need fixtures check
    /// that the list is not empty separately).
    static let entries: [Entry] = {
        guard let data = try? Data(contentsOf: root.appendingPathComponent("MANIFEST.json")),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return [] }
        return manifest.fixtures
    }()

    enum FixtureError: Error {
        case unknownArchitecture(String)
    }

    /// Every Keras fixture (kinds `keras_h5`, `keras_v3`, `keras_weights_h5`, `keras_legacy_weights_h5`).
    static var keras: [Entry] { entries.filter { KerasFileKind(rawValue: $0.kind) != nil } }

    /// The entries of one kind (`keras_h5`, `keras_v3`, `keras_weights_h5`, `keras_legacy_weights_h5`).
    static func entries(kind: String) -> [Entry] { entries.filter { $0.kind == kind } }

    /// A file of `Fixtures/keras_errors/`.
    static func errorFile(_ name: String) -> URL {
        root.appendingPathComponent("keras_errors").appendingPathComponent(name)
    }

    private static let cache = Mutex<[String: Model]>([:])

    /// The fixture imported once per test process (imports cost seconds in debug builds).
    /// Weights-only fixtures are read through the architecture in their `rebuild_args`.
    static func model(_ entry: Entry) throws -> Model {
        if let model = cache.withLock({ $0[entry.id] }) { return model }
        let model = if let spec = try entry.architecture() {
            try KerasImporter.importWeights(at: entry.url, architecture: spec)
        } else {
            try KerasImporter.importModel(at: entry.url)
        }
        cache.withLock { $0[entry.id] = model }
        return model
    }
}

extension Tensor {
    /// The float value at a multi-dimensional index (C order).
    func value(at index: [Int]) -> Float {
        var offset = 0
        for (position, dimension) in shape.enumerated() { offset = offset * dimension + index[position] }
        return floatValues()[offset]
    }
}
