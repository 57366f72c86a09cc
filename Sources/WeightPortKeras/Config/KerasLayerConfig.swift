/// One entry of a model configuration's `layers` list: the layer's class, its settings and the
/// calls that connect it to the graph.
public struct KerasLayerConfig: Sendable {
    /// Layer name, unique within its model.
    public var name: String
    /// Keras class name (`Conv2D`, `TFOpLambda`, `Functional`, ...).
    public var className: String
    /// Python module, when the dialect records it (Keras 3 `.keras` / `to_json`).
    public var module: String?
    /// The layer's `config` object.
    public var config: JSONValue
    /// Its calls (`inbound_nodes`), in order; empty for input layers and `Sequential` members.
    public var calls: [KerasCall]

    /// Parses one `layers` entry.
    /// - Throws: `KerasImportError.invalidConfig` when the name, class or calls are malformed.
    init(json: JSONValue, file: String) throws {
        guard let className = json["class_name"]?.string else {
            throw KerasImportError.invalidConfig(file: file, layer: nil, reason: "a layer entry has no class_name")
        }
        guard let config = json["config"], config.object != nil else {
            throw KerasImportError.invalidConfig(file: file, layer: json["name"]?.string, reason: "\(className) entry has no config object")
        }
        guard let name = json["name"]?.string ?? config["name"]?.string else {
            throw KerasImportError.invalidConfig(file: file, layer: nil, reason: "a \(className) entry has no name")
        }
        var calls: [KerasCall] = []
        for entry in json["inbound_nodes"]?.array ?? [] {
            guard let call = KerasCall(json: entry) else {
                throw KerasImportError.invalidConfig(file: file, layer: name, reason: "cannot read an inbound node of this \(className)")
            }
            calls.append(call)
        }
        self.name = name
        self.className = className
        self.module = json["module"]?.string
        self.config = config
        self.calls = calls
    }

    /// Whether this entry is a Keras 3 operation node (`x + 3.0` written as `ops.add`) rather than
    /// a layer. `.keras` and `to_json` files say so with `module: keras.src.ops.*`; legacy `.h5`
    /// files drop `module`, so there an entry whose config holds nothing but `name` is an
    /// operation node: every layer, merge layers included, also serialises `trainable` and
    /// `dtype` (its call then takes one list of tensors, an operation's takes a tensor and a
    /// number, or two tensors).
    public var isOperationNode: Bool {
        if let module { return module.hasPrefix("keras.src.ops") || module.hasPrefix("keras.ops") }
        guard let members = config.object, !members.isEmpty else { return false }
        return members.names.allSatisfy { $0 == "name" }
    }

    /// Whether this entry is a nested model.
    public var isNestedModel: Bool {
        ["Functional", "Model", "Sequential"].contains(className) && config["layers"] != nil
    }
}
