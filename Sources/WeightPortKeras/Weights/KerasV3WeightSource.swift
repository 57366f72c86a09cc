/// Weights in Keras 3's own layout (`model.save_weights("m.weights.h5")` and the
/// `model.weights.h5` inside a `.keras` archive): `layers/<key>/vars/<i>`, the key being the
/// snake-cased layer class numbered per class in `model.layers` order (`conv2d`, `conv2d_1`, ...),
/// nested models under `layers/<key>/layers/...`. Variables are numbered in the layer's own
/// order (`0` kernel, `1` bias; BN gamma, beta, moving_mean, moving_variance) and sorted
/// numerically, never alphabetically. The `@name` attribute Keras also writes is not used:
/// Keras matches by position, and architectures rebuilt elsewhere may number weightless layers
/// differently.
final class KerasV3WeightSource: KerasWeightSource {
    private let root: HDF5Group
    private var returned: Set<String> = []

    /// - Parameter root: the file's root group (holding `layers/`).
    init(root: HDF5Group) {
        self.root = root
    }

    private static func varsPath(_ storagePath: [String]) -> String {
        "layers/" + storagePath.joined(separator: "/layers/") + "/vars"
    }

    func variables(at location: KerasLayerLocation) throws -> [KerasStoredVariable] {
        guard !location.storagePath.isEmpty else { return [] }
        let path = Self.varsPath(location.storagePath)
        guard root.contains(path) else { return [] }
        returned.insert(path)
        return try Self.numberedDatasets(in: try root.group(path)).map { KerasStoredVariable(name: nil, content: .dataset($0)) }
    }

    /// The datasets `0`, `1`, ... of a `vars` group in numeric order.
    /// - Throws: `KerasImportError.invalidObject` for a child that is not a number.
    private static func numberedDatasets(in group: HDF5Group) throws -> [HDF5Dataset] {
        let names = try group.childNames()
        let numbered = try names.map { name -> (Int, String) in
            guard let index = Int(name), index >= 0 else {
                throw KerasImportError.invalidObject(file: group.file.name, object: group.path + "/" + name, reason: "is not a numbered variable")
            }
            return (index, name)
        }.sorted { $0.0 < $1.0 }
        guard numbered.map(\.0) == Array(0..<numbered.count) else {
            throw KerasImportError.invalidObject(file: group.file.name, object: group.path, reason: "does not number its variables 0, 1, ...")
        }
        return try numbered.map { try group.dataset($0.1) }
    }

    func checkAllConsumed() throws {
        try checkConsumed(containerPath: "layers")
        if root.contains("vars"), let extra = try root.group("vars").childNames().first {
            throw KerasImportError.unexpectedWeight(file: root.file.name, layer: "(model)", className: "model", weight: "vars/" + extra)
        }
    }

    /// Every `vars` group with variables below `containerPath` must have been read.
    private func checkConsumed(containerPath: String) throws {
        guard root.contains(containerPath) else { return }
        for key in try root.group(containerPath).childNames() {
            let layerPath = containerPath + "/" + key
            let vars = layerPath + "/vars"
            if root.contains(vars), !returned.contains(vars), let first = try root.group(vars).childNames().first {
                let name = try root.group(vars).attribute("name")?.string() ?? key
                throw KerasImportError.unexpectedWeight(file: root.file.name, layer: name, className: "no layer of the config",
                                                        weight: vars + "/" + first)
            }
            try checkConsumed(containerPath: layerPath + "/layers")
        }
    }
}
