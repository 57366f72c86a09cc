/// Weights of a legacy `.h5` (`model.save("m.h5")`: the group `model_weights`; legacy
/// `save_weights("m.h5")`: the root group). Each layer's group lists its variables in the
/// `weight_names` attribute; each is resolved by name as a path below the group, because layer
/// names may contain `/` and HDF5 iterates children alphabetically.
///
/// A nested model's variables all sit under the outer layer's group (`model_weights/<outer>/
/// <inner>/<var>`, one level less deep than a top-level layer), listed in its `weight_names`
/// trainable-first; an inner layer's variables are the names `<inner>/<var>` there.
final class LegacyWeightSource: KerasWeightSource {
    private let root: HDF5Group
    private var weightNames: [String: [String]] = [:]
    private var returned: Set<[String]> = []

    /// - Parameter root: the group holding one group per top-level layer.
    init(root: HDF5Group) {
        self.root = root
    }

    private func names(ofTopLevel layer: String) throws -> [String]? {
        if let cached = weightNames[layer] { return cached }
        guard root.contains(layer) else { return nil }
        let group = try root.group(layer)
        guard let attribute = try group.attribute("weight_names") else {
            throw KerasImportError.missingObject(file: root.file.name, object: group.path + "@weight_names")
        }
        let names = try attribute.strings()
        weightNames[layer] = names
        return names
    }

    func variables(at location: KerasLayerLocation) throws -> [KerasStoredVariable] {
        guard let top = location.namePath.first, let names = try names(ofTopLevel: top) else { return [] }
        let group = try root.group(top)
        let selected: [(stored: String, variable: String)]
        if location.namePath.count == 1 {
            selected = names.map { ($0, Self.variableName($0)) }
        } else {
            let prefix = location.namePath[location.namePath.count - 1] + "/"
            selected = names.compactMap { name in
                guard name.hasPrefix(prefix) else { return nil }
                let rest = name.dropFirst(prefix.count)
                guard !rest.contains("/") else { return nil }
                return (name, Self.variableName(name))
            }
        }
        for entry in selected { returned.insert([top, entry.stored]) }
        return try selected.map { KerasStoredVariable(name: $0.variable, dataset: try group.dataset($0.stored)) }
    }

    /// `Conv/BatchNorm/gamma:0` → `gamma`.
    static func variableName(_ stored: String) -> String {
        var name = stored.split(separator: "/").last.map(String.init) ?? stored
        if let colon = name.lastIndex(of: ":"), name[name.index(after: colon)...].allSatisfy(\.isNumber) {
            name = String(name[..<colon])
        }
        return name
    }

    func checkAllConsumed() throws {
        guard let attribute = try root.attribute("layer_names") else { return }
        for layer in try attribute.strings() {
            for name in try names(ofTopLevel: layer) ?? [] where !returned.contains([layer, name]) {
                throw KerasImportError.unexpectedWeight(file: root.file.name, layer: layer, className: "not in the model config", weight: name)
            }
        }
    }
}
