/// One entry of a Functional config's `layers` list: a layer, or a Keras 3 operation node
/// (`keras.src.ops.numpy.Add` for `x + 3.0`), with what ``KerasArchitectureConfig`` needs to
/// write it in either dialect and to list its variables.
struct KerasGraphNode: Sendable {
    /// `keras.layers`, or `keras.src.ops.numpy` for an operation node.
    var module: String
    /// The Keras class, e.g. `Conv2D`, or `Add` for both the merge layer and the operation.
    var className: String
    /// `registered_name`: `null` for built-in layers, the class name for operation nodes.
    var registeredName: String?
    /// The layer name (`conv_pw_1`, `re_lu_3`, `add_2`).
    var name: String
    /// The layer's `config` object, in Keras' key order.
    var config: [KerasJSON.Member]
    /// `build_config.input_shape`, for the classes whose `build()` Keras records; `nil` for
    /// the others (ReLU, Activation, pooling, Dropout, Reshape, InputLayer, operations).
    var buildInputShape: KerasJSON?
    /// `args` of the one inbound node; empty for the InputLayer, which has no inbound node.
    var args: [KerasJSON]
    /// `kwargs` of the inbound node (`{"mask": null}` for BatchNormalization, ...).
    var kwargs: [KerasJSON.Member]
    /// Whether this is a layer (in `model.layers`, gets a `.weights.h5` group) rather than an
    /// operation node.
    var isLayer: Bool
    /// The variables Keras creates, in order.
    var variables: [Variable]
    /// Shape of the output without the batch dimension.
    var outputShape: [Int]

    /// A variable before it is tied to a layer path.
    struct Variable: Sendable {
        var name: String
        var shape: [Int]
        var isTrainable: Bool
    }

    /// The entry in the given dialect. O(size of the config).
    func json(_ dialect: KerasConfigDialect) -> KerasJSON {
        let inbound: KerasJSON = args.isEmpty
            ? .array([])
            : .array([.object([.init("args", .array(args)), .init("kwargs", .object(kwargs))])])
        switch dialect {
        case .modelJSON:
            var members: [KerasJSON.Member] = [
                .init("module", .string(module)),
                .init("class_name", .string(className)),
                .init("config", .object(config)),
                .init("registered_name", registeredName.map(KerasJSON.string) ?? .null),
            ]
            if let buildInputShape {
                members.append(.init("build_config", .object([.init("input_shape", buildInputShape)])))
            }
            members.append(.init("name", .string(name)))
            members.append(.init("inbound_nodes", inbound))
            return .object(members)
        case .legacyH5:
            return .object([
                .init("class_name", .string(className)),
                .init("config", .object(config)),
                .init("name", .string(name)),
                .init("inbound_nodes", inbound),
            ])
        }
    }
}
