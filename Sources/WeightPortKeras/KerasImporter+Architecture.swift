import Foundation
import WeightPortFormat

extension KerasModelConfig {
    /// The configuration Keras 3 builds for `spec` (`KerasArchitectureConfig.modelConfig`, the
    /// `model.to_json()` dialect), ready for `KerasImportOptions.architecture`. O(layers).
    /// - Throws: `KerasImportError.invalidArchitecture` when the spec is invalid.
    public init(architecture spec: ArchitectureSpec) throws {
        let json: Data
        do {
            json = try KerasArchitectureConfig.modelConfig(for: spec)
        } catch {
            throw KerasImportError.invalidArchitecture(file: spec.modelName, reason: error.description)
        }
        try self.init(jsonData: json, file: spec.modelName)
    }
}

extension KerasImporter {
    /// Imports a weights-only file (`.weights.h5`, legacy weights `.h5`) as the MobileNet `spec`
    /// describes (`--arch --alpha --input-size --classes [--minimalistic] [--no-top]`). Any other
    /// file kind is imported with its own configuration and `spec` is ignored.
    ///
    /// When a stored variable does not fit, the error's hint names the Keras width multipliers
    /// (`pretrainedAlphas`) or the number of classes for which that variable would fit.
    /// - Throws: `KerasImportError` as `importModel(at:options:)`, and `.invalidArchitecture`
    ///   for an invalid spec.
    public static func importWeights(at url: URL, architecture spec: ArchitectureSpec, options: KerasImportOptions = .init()) throws -> Model {
        var options = options
        options.architecture = try KerasModelConfig(architecture: spec)
        do {
            return try importModel(at: url, options: options)
        } catch let KerasImportError.weightShapeMismatch(file, layer, className, tensor, expected, stored, hint) {
            throw KerasImportError.weightShapeMismatch(file: file, layer: layer, className: className, tensor: tensor,
                                                       expected: expected, stored: stored,
                                                       hint: fittingSettings(layer: layer, stored: stored, spec: spec) ?? hint)
        }
    }

    /// The alphas (and number of classes) for which `layer` would have a variable of shape `stored`.
    private static func fittingSettings(layer: String, stored: [Int], spec: ArchitectureSpec) -> String? {
        var fits: [String] = []
        for alpha in spec.architecture.pretrainedAlphas where alpha != spec.alpha {
            var candidate = spec
            candidate.alpha = alpha
            if let layers = try? KerasArchitectureConfig.expectedWeights(for: candidate),
               layers.first(where: { $0.layer == layer })?.variables.contains(where: { $0.shape == stored }) == true {
                fits.append("alpha \(alpha)")
            }
        }
        if spec.includeTop, let classes = stored.last, classes != spec.classes, classes > 0 {
            var candidate = spec
            candidate.classes = classes
            if let layers = try? KerasArchitectureConfig.expectedWeights(for: candidate),
               let original = try? KerasArchitectureConfig.expectedWeights(for: spec),
               let changed = layers.first(where: { $0.layer == layer }), original.first(where: { $0.layer == layer }) != changed,
               changed.variables.contains(where: { $0.shape == stored }) {
                fits.append("classes \(classes)")
            }
        }
        return fits.isEmpty ? nil : "this variable fits " + fits.joined(separator: " or ")
    }
}

extension KerasImporter {
    /// The MobileNet `spec` describes, as Keras builds it, with zero-filled weights of the right
    /// shapes: what `weightport inspect --arch …` shows with no file. Its layers, shapes,
    /// parameter and multiply-add counts are those of a real file of that architecture; running
    /// it is meaningless. Provenance `sourceFormat` is `architecture`. O(parameters) memory.
    /// - Throws: `KerasImportError.invalidArchitecture` for an invalid spec.
    public static func architectureModel(for spec: ArchitectureSpec, importerVersion: String) throws -> Model {
        let config = try KerasModelConfig(architecture: spec)
        var translator = KerasGraphTranslator(file: spec.modelName, dialect: .keras3, weights: try ArchitectureWeightSource(spec: spec))
        try translator.translate(config)
        let provenance = Provenance(sourceFormat: "architecture", sourceFile: spec.modelName, sourceSHA256: "",
                                    frameworkVersion: nil, importerVersion: importerVersion,
                                    createdAt: Provenance.timestamp())
        do {
            let model = try Model(name: config.name, inputs: translator.inputs, outputs: translator.outputs, nodes: translator.nodes,
                                  tensors: translator.tensors, provenance: provenance)
            try model.validate()
            return model
        } catch let error as FormatError {
            throw KerasImportError.invalidModel(file: spec.modelName, reason: error.description)
        }
    }
}
