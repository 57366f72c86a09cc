/// Zero-filled variables of the shapes Keras gives an architecture's layers: the weight source of
/// a model shown from `--arch` alone, with no file. Shapes, parameter and MAC counts are exact;
/// the values are not weights.
final class ArchitectureWeightSource: KerasWeightSource {
    private let variablesByLayer: [String: [KerasVariable]]

    /// The variables of every layer of `spec`'s architecture.
    /// - Throws: `KerasImportError.invalidArchitecture` for an invalid spec.
    init(spec: ArchitectureSpec) throws {
        do {
            let layers = try KerasArchitectureConfig.expectedWeights(for: spec)
            variablesByLayer = Dictionary(layers.map { ($0.layer, $0.variables) }, uniquingKeysWith: { first, _ in first })
        } catch {
            throw KerasImportError.invalidArchitecture(file: spec.modelName, reason: error.description)
        }
    }

    func variables(at location: KerasLayerLocation) throws -> [KerasStoredVariable] {
        guard let name = location.namePath.last else { return [] }
        return (variablesByLayer[name] ?? []).map {
            KerasStoredVariable(name: $0.name, content: .zeros(shape: $0.shape, path: $0.path))
        }
    }

    func checkAllConsumed() throws {}
}
