import WeightPortFormat

extension KerasGraphTranslator {
    /// Reads the variables a layer needs from the weight source, checking names, element types
    /// and shapes, and names each tensor `<layer>/<variable>` (the file's variable name when it
    /// records one, else the Keras 3 name), so that `.h5`, `.keras` and `.weights.h5` copies of
    /// one Keras 3 model give identical names.
    /// - Returns: weight role → tensor name, and the tensors.
    /// - Throws: `KerasImportError.missingWeight`, `.unexpectedWeight`, `.weightShapeMismatch`,
    ///   `.unsupportedDType`.
    mutating func readWeights(_ expected: [ExpectedVariable], location: KerasLayerLocation) throws -> ([String: String], [Tensor]) {
        let layer = location.qualifiedName
        let className = location.className
        let stored = try weights.variables(at: location)
        var matches: [(ExpectedVariable, KerasStoredVariable, String)] = []
        if stored.allSatisfy({ $0.name != nil }) && !stored.isEmpty {
            var remaining = stored
            for variable in expected {
                guard let index = remaining.firstIndex(where: { $0.name == variable.name || variable.aliases.contains($0.name ?? "") }) else {
                    throw KerasImportError.missingWeight(file: file, layer: layer, className: className, weight: variable.name)
                }
                let match = remaining.remove(at: index)
                matches.append((variable, match, match.name ?? variable.name))
            }
            if let extra = remaining.first {
                throw KerasImportError.unexpectedWeight(file: file, layer: layer, className: className, weight: extra.name ?? extra.path)
            }
        } else {
            if stored.count > expected.count {
                throw KerasImportError.unexpectedWeight(file: file, layer: layer, className: className, weight: stored[expected.count].path)
            }
            if stored.count < expected.count {
                throw KerasImportError.missingWeight(file: file, layer: layer, className: className, weight: expected[stored.count].name)
            }
            matches = zip(expected, stored).map { ($0, $1, $0.name) }
        }

        var roles: [String: String] = [:]
        var newTensors: [Tensor] = []
        for (variable, storedVariable, variableName) in matches {
            let tensorName = layer + "/" + variableName
            if case let .failure(type) = storedVariable.dtype {
                throw KerasImportError.unsupportedDType(file: file, layer: layer, className: className, tensor: tensorName, dtype: type.description)
            }
            let storedShape = storedVariable.shape
            guard storedShape == variable.storedShape else {
                throw KerasImportError.weightShapeMismatch(file: file, layer: layer, className: className, tensor: tensorName,
                                                           expected: variable.storedShape, stored: storedShape,
                                                           hint: variable.hint?(variable.storedShape, storedShape))
            }
            let (dtype, storage) = try storedVariable.read()
            do {
                newTensors.append(try Tensor(name: tensorName, dtype: dtype, shape: variable.shape, layout: variable.layout, storage: storage))
            } catch {
                throw KerasImportError.invalidObject(file: file, object: storedVariable.path, reason: "\(error)")
            }
            roles[variable.role] = tensorName
        }
        return (roles, newTensors)
    }

    /// Checks that the file stores no variable for a layer that has none.
    func requireNoWeights(_ location: KerasLayerLocation) throws {
        if let extra = try weights.variables(at: location).first {
            throw KerasImportError.unexpectedWeight(file: file, layer: location.qualifiedName, className: location.className,
                                                    weight: extra.name ?? extra.path)
        }
    }

    /// A hint for kernels whose output (last) axis differs: usually a model saved with another
    /// number of classes (the classifier) or another width multiplier `alpha` (any layer).
    static let channelHint: @Sendable ([Int], [Int]) -> String? = { expected, stored in
        guard expected.count == stored.count, expected.dropLast() == stored.dropLast(), let needed = expected.last, let have = stored.last else {
            return nil
        }
        return "the file has \(have) output channels where the config has \(needed): another number of classes for a classifier, or a width multiplier alpha \(have)/\(needed) times the config's"
    }
}
