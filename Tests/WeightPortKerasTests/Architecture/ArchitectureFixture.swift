import Foundation
import Testing
@testable import WeightPortKeras

/// One Keras 3.15.1 reference dump of `Fixtures/keras-arch/` (written by `dump_configs.py`):
/// `<id>.meta.json` (constructor kwargs, `count_params()`, `model.layers` with weights) and
/// `<id>.config.json` (`model.to_json()`, or the same with meaningless keys stripped).
struct ArchitectureFixture: CustomTestStringConvertible, Sendable {
    /// `Fixtures/keras-arch/`, the committed dumps.
    static let committedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/keras-arch")

    /// The dumps every fixture test runs on: ``committedDirectory``, or the directory in
    /// `WEIGHTPORT_KERAS_ARCH_FIXTURES` (a sweep written by `dump_configs.py --sweep N --out DIR`).
    static let directory: URL = ProcessInfo.processInfo.environment["WEIGHTPORT_KERAS_ARCH_FIXTURES"]
        .map { URL(fileURLWithPath: $0) } ?? committedDirectory

    /// Every fixture id, from the `*.meta.json` files present.
    static let ids: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".meta.json") }.map { String($0.dropLast(".meta.json".count)) }.sorted()
    }()

    let id: String
    let directory: URL
    var testDescription: String { id }

    init(_ id: String, in directory: URL = ArchitectureFixture.directory) {
        self.id = id
        self.directory = directory
    }

    func url(_ suffix: String) -> URL { directory.appendingPathComponent("\(id).\(suffix)") }

    /// The parsed meta file.
    func meta() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url("meta.json"))) as! [String: Any]
    }

    /// The config text exactly as the fixture stores it.
    func configText(_ suffix: String = "config.json") throws -> String {
        try String(decoding: Data(contentsOf: url(suffix)), as: UTF8.self)
    }

    /// The spec the fixture was built from.
    func spec() throws -> ArchitectureSpec {
        let meta = try meta()
        let kwargs = meta["kwargs"] as! [String: Any]
        let arch: KerasArchitecture = switch meta["constructor"] as! String {
        case "MobileNet": .mobilenetV1
        case "MobileNetV2": .mobilenetV2
        case "MobileNetV3Small": .mobilenetV3Small
        default: .mobilenetV3Large
        }
        var spec = ArchitectureSpec(arch)
        for (key, value) in kwargs {
            switch key {
            case "alpha": spec.alpha = (value as! NSNumber).doubleValue
            case "input_size": spec.inputSize = value as! Int
            case "classes": spec.classes = value as! Int
            case "include_top": spec.includeTop = value as! Bool
            case "pooling": spec.pooling = (value as? String).flatMap(ArchitectureSpec.Pooling.init)
            case "minimalistic": spec.minimalistic = value as! Bool
            case "include_preprocessing": spec.includePreprocessing = value as! Bool
            case "classifier_activation": spec.classifierActivation = value as? String
            case "depth_multiplier": spec.depthMultiplier = value as! Int
            case "dropout", "dropout_rate": spec.dropout = (value as! NSNumber).doubleValue
            default: fatalError("fixture \(id): unknown kwarg \(key)")
            }
        }
        return spec
    }

    /// `model.layers` as the fixture lists them: name, class, `.weights.h5` group, variables
    /// (the meta file has no output shapes: those are checked through the config's tensors).
    func layers() throws -> [KerasLayerWeights] {
        let rows = try meta()["layers"] as! [[Any]]
        return rows.map { row in
            let name = row[0] as! String
            return KerasLayerWeights(
                layer: name, className: row[1] as! String, weightsGroup: row[2] as! String,
                variables: (row[3] as! [[Any]]).map { v in
                    let variable = v[0] as! String
                    return KerasVariable(
                        name: variable, path: "\(name)/\(variable)", shape: v[1] as! [Int],
                        isTrainable: !variable.hasPrefix("moving_"))
                },
                outputShape: [])
        }
    }

    /// Whether the config file is `to_json()` byte for byte (else it was stripped).
    func isFullConfig() throws -> Bool {
        try configText().contains("\"DTypePolicy\"")
    }
}

/// The stripping `dump_configs.py` applies to all but the full fixtures: in each layer's
/// `config`, `dtype` and every `*_initializer`, `*_regularizer`, `*_constraint`; in each
/// `__keras_tensor__` of `inbound_nodes`, its `dtype`.
func strippedLikeFixture(_ model: KerasJSON) -> KerasJSON {
    func dropKeys(_ value: KerasJSON, where drop: (String) -> Bool) -> KerasJSON {
        guard case .object(let members) = value else { return value }
        return .object(members.filter { !drop($0.key) })
    }
    func stripTensor(_ value: KerasJSON) -> KerasJSON {
        switch value {
        case .array(let items): return .array(items.map(stripTensor))
        case .object(let members) where value["class_name"] == "__keras_tensor__":
            return .object(members.map { m in
                m.key == "config" ? .init("config", dropKeys(m.value) { $0 == "dtype" }) : m
            })
        default: return value
        }
    }
    func stripLayer(_ layer: KerasJSON) -> KerasJSON {
        guard case .object(let members) = layer else { return layer }
        return .object(members.map { m in
            switch m.key {
            case "config":
                return .init("config", dropKeys(m.value) { key in
                    key == "dtype" || key.hasSuffix("_initializer") || key.hasSuffix("_regularizer")
                        || key.hasSuffix("_constraint")
                })
            case "inbound_nodes":
                guard case .array(let nodes) = m.value else { return m }
                return .init("inbound_nodes", .array(nodes.map { node in
                    guard case .object(let parts) = node else { return node }
                    return .object(parts.map { p in
                        p.key == "args" ? .init("args", stripTensor(p.value)) : p
                    })
                }))
            default: return m
            }
        })
    }
    guard case .object(let top) = model else { return model }
    return .object(top.map { m in
        guard m.key == "config", case .object(let config) = m.value else { return m }
        return .init("config", .object(config.map { c in
            guard c.key == "layers", case .array(let layers) = c.value else { return c }
            return .init("layers", .array(layers.map(stripLayer)))
        }))
    })
}

/// Where two texts first differ, with some context, for a readable failure.
func firstDifference(_ a: String, _ b: String) -> String? {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x != y else { return nil }
    var i = 0
    while i < min(x.count, y.count), x[i] == y[i] { i += 1 }
    func around(_ bytes: [UInt8]) -> String {
        String(decoding: bytes[max(0, i - 160)..<min(bytes.count, i + 120)], as: UTF8.self)
    }
    return "first difference at byte \(i) (lengths \(x.count) vs \(y.count))\n"
        + "generated: …\(around(x))…\nkeras:     …\(around(y))…"
}
