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
    private let renaming: [String: String]
    /// Each top-level layer's open group and its `weight_names`, read once.
    private var layers: [String: (group: HDF5Group, names: [String])] = [:]
    private var returned: Set<[String]> = []

    /// - Parameters:
    ///   - root: the group holding one group per top-level layer.
    ///   - renaming: configuration layer name → the file's layer name, for top-level layers whose
    ///     names differ (see `positionalRenaming`); names not in it are used as they are.
    init(root: HDF5Group, renaming: [String: String] = [:]) {
        self.root = root
        self.renaming = renaming
    }

    /// How Keras' own legacy `load_weights` (by position, the default) pairs a configuration
    /// with a weights-only `.h5` whose layer names differ — tf.keras names MobileNetV3 layers
    /// `Conv/BatchNorm` where Keras 3 says `conv_bn`: the configuration's top-level layers of a
    /// weighted class, in order, with the file's layers that store weights, in `layer_names`
    /// order. Returns `[:]` when every weighted layer's name is in the file (names are then used)
    /// or when the counts differ (the name lookup then reports the first missing layer).
    static func positionalRenaming(root: HDF5Group, config: KerasModelConfig, weightedClasses: Set<String>) throws -> [String: String] {
        guard let attribute = try root.attribute("layer_names") else { return [:] }
        let fileLayers = try attribute.strings()
        let configured = config.layers.filter { weightedClasses.contains($0.className) }.map(\.name)
        guard !Set(configured).isSubset(of: Set(fileLayers)) else { return [:] }
        let stored = try fileLayers.filter { layer in
            guard root.contains(layer), let names = try root.group(layer).attribute("weight_names") else { return false }
            return try !names.strings().isEmpty
        }
        guard stored.count == configured.count else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(configured, stored))
    }

    /// The group of the top-level `layer` and its `weight_names`, or `nil` when the file has no
    /// such group.
    private func layer(_ layer: String) throws -> (group: HDF5Group, names: [String])? {
        if let cached = layers[layer] { return cached }
        // Opened directly: a lookup of the path first would cost as much as the open, for every
        // layer (a missing group is told by the failed open, as `group(_:)` reports it).
        let group: HDF5Group
        do {
            group = try root.group(layer)
        } catch KerasImportError.missingObject {
            return nil
        }
        guard let attribute = try group.attribute("weight_names") else {
            throw KerasImportError.missingObject(file: root.file.name, object: group.path + "@weight_names")
        }
        let entry = (group, try attribute.strings())
        layers[layer] = entry
        return entry
    }

    func variables(at location: KerasLayerLocation) throws -> [KerasStoredVariable] {
        guard let configuredTop = location.namePath.first else { return [] }
        let top = renaming[configuredTop] ?? configuredTop
        guard let (group, names) = try layer(top) else { return [] }
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
        return try selected.map { KerasStoredVariable(name: $0.variable, content: .dataset(try group.dataset($0.stored))) }
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
        // Model-level variables (Keras writes the group, usually empty) belong to no layer.
        if root.contains("top_level_model_weights"),
           let names = try root.group("top_level_model_weights").attribute("weight_names"), let first = try names.strings().first {
            throw KerasImportError.unexpectedWeight(file: root.file.name, layer: "top_level_model_weights", className: "model", weight: first)
        }
        guard let attribute = try root.attribute("layer_names") else { return }
        for layer in try attribute.strings() {
            for name in try self.layer(layer)?.names ?? [] where !returned.contains([layer, name]) {
                throw KerasImportError.unexpectedWeight(file: root.file.name, layer: layer, className: "not in the model config", weight: name)
            }
        }
    }
}
