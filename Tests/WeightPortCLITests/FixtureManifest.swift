import Foundation

/// The entries of `Fixtures/MANIFEST.json` these tests read.
struct FixtureEntry: Decodable, Sendable, CustomStringConvertible {
    let id: String
    let file: String
    let kind: String
    let arch: String?
    let alpha: Double?
    let inputSize: Int?
    let classes: Int?
    let includeTop: Bool?
    let pooling: String?
    let minimalistic: Bool?
    let includePreprocessing: Bool?
    let classifierActivation: String?
    let countParams: Int?
    let weightFamily: String?
    let inputs: String?
    let expected: String?
    let sourceModel: String?

    enum CodingKeys: String, CodingKey {
        case id, file, kind, arch, alpha, classes, pooling, minimalistic, inputs, expected
        case inputSize = "input_size", includeTop = "include_top", includePreprocessing = "include_preprocessing"
        case classifierActivation = "classifier_activation", countParams = "count_params", weightFamily = "weight_family"
        case sourceModel = "source_model"
    }

    var description: String { id }

    /// The `--arch …` arguments that rebuild this fixture's architecture (weights-only files).
    var architectureArguments: [String] {
        guard let arch else { return [] }
        var arguments = ["--arch", arch, "--alpha", "\(alpha ?? 1)", "--input-size", "\(inputSize ?? 224)"]
        if let classes { arguments += ["--classes", "\(classes)"] }
        if includeTop == false { arguments.append("--no-top") }
        if let pooling { arguments += ["--pooling", pooling] }
        if minimalistic == true { arguments.append("--minimalistic") }
        if includePreprocessing == false { arguments.append("--no-preprocessing") }
        arguments += ["--classifier-activation", classifierActivation ?? "linear"]
        return arguments
    }

    /// All entries of `Fixtures/MANIFEST.json`.
    static let all: [FixtureEntry] = {
        struct Manifest: Decodable { let fixtures: [FixtureEntry] }
        let url = CLIHarness.root.appendingPathComponent("Fixtures/MANIFEST.json")
        guard let data = try? Data(contentsOf: url), let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return [] }
        return manifest.fixtures
    }()

    /// Keras entries that record Keras' own `count_params()`.
    static var kerasWithParameterCount: [FixtureEntry] {
        all.filter { $0.kind.hasPrefix("keras") && $0.countParams != nil }
    }
}
