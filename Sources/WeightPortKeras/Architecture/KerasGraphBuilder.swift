/// Records a Keras 3 Functional graph the way calling `keras.layers` on symbolic tensors does:
/// each call appends one entry with Keras' exact config, infers the output shape, and names
/// unnamed layers with Keras' per-prefix counters (`re_lu`, `re_lu_1`, ...) as in a fresh
/// Python process (`keras.backend.clear_session()`).
///
/// Shapes are channels-last without the batch dimension. Every method is O(1) apart from
/// copying its arguments.
struct KerasGraphBuilder {
    /// Entries in creation order, which for these feed-forward graphs is also Keras' config
    /// order and `model.layers` order.
    private(set) var nodes: [KerasGraphNode] = []
    private var uids: [String: Int] = [:]

    /// Padding mode of a convolution.
    enum Padding: String {
        case same, valid
    }

    // MARK: Naming

    /// Keras' `auto_name`: the prefix, then `prefix_1`, `prefix_2`, ...
    private mutating func autoName(_ prefix: String) -> String {
        let n = uids[prefix, default: 0]
        uids[prefix] = n + 1
        return n == 0 ? prefix : "\(prefix)_\(n)"
    }

    // MARK: Shared config pieces

    private static let dtypePolicy: KerasJSON = .object([
        .init("module", "keras"),
        .init("class_name", "DTypePolicy"),
        .init("config", .object([.init("name", "float32")])),
        .init("registered_name", .null),
    ])

    private static func initializer(_ className: String) -> KerasJSON {
        let config: [KerasJSON.Member] = className == "GlorotUniform"
            ? [.init("seed", .null), .init("input_axes", .null), .init("output_axes", .null)]
            : []
        return .object([
            .init("module", "keras.initializers"),
            .init("class_name", .string(className)),
            .init("config", .object(config)),
            .init("registered_name", .null),
        ])
    }

    private static func pair(_ v: Int) -> KerasJSON { .array([.int(v), .int(v)]) }

    /// Appends a layer whose config starts with Keras' common `name, trainable, dtype`.
    private mutating func layer(
        _ className: String,
        name: String,
        config: [KerasJSON.Member],
        inputs: [KerasTensor],
        merge: Bool = false,
        records build: Bool,
        kwargs: [KerasJSON.Member] = [],
        variables: [KerasGraphNode.Variable] = [],
        output: [Int]
    ) -> KerasTensor {
        let buildShape: KerasJSON? = build
            ? (merge ? .array(inputs.map(\.batchShapeJSON)) : inputs[0].batchShapeJSON)
            : nil
        nodes.append(KerasGraphNode(
            module: "keras.layers",
            className: className,
            registeredName: nil,
            name: name,
            config: [.init("name", .string(name)), .init("trainable", true), .init("dtype", Self.dtypePolicy)]
                + config,
            buildInputShape: buildShape,
            args: merge ? [.array(inputs.map(\.json))] : inputs.map(\.json),
            kwargs: kwargs,
            isLayer: true,
            variables: variables,
            outputShape: output
        ))
        return KerasTensor(producer: name, shape: output)
    }

    private static func spatial(_ n: Int, kernel: Int, stride: Int, padding: Padding) -> Int {
        switch padding {
        case .same: (n + stride - 1) / stride
        case .valid: (n - kernel) / stride + 1
        }
    }

    // MARK: Layers

    /// `layers.Input(shape=(size, size, 3))`, named `input_layer`.
    mutating func input(size: Int) -> KerasTensor {
        let name = autoName("input_layer")
        let shape = [size, size, 3]
        nodes.append(KerasGraphNode(
            module: "keras.layers",
            className: "InputLayer",
            registeredName: nil,
            name: name,
            config: [
                .init("batch_shape", .array([.null] + shape.map { .int($0) })),
                .init("dtype", "float32"),
                .init("sparse", false),
                .init("ragged", false),
                .init("name", .string(name)),
                .init("optional", false),
            ],
            buildInputShape: nil,
            args: [],
            kwargs: [],
            isLayer: true,
            variables: [],
            outputShape: shape
        ))
        return KerasTensor(producer: name, shape: shape)
    }

    /// `layers.Conv2D(filters, kernel, strides, padding, use_bias, name)` (activation linear).
    mutating func conv2D(
        _ x: KerasTensor, filters: Int, kernel: Int, strides: Int = 1, padding: Padding,
        useBias: Bool, name: String
    ) -> KerasTensor {
        let h = Self.spatial(x.shape[0], kernel: kernel, stride: strides, padding: padding)
        let w = Self.spatial(x.shape[1], kernel: kernel, stride: strides, padding: padding)
        var variables = [KerasGraphNode.Variable(
            name: "kernel", shape: [kernel, kernel, x.channels, filters], isTrainable: true)]
        if useBias { variables.append(.init(name: "bias", shape: [filters], isTrainable: true)) }
        return layer(
            "Conv2D", name: name,
            config: [
                .init("filters", .int(filters)),
                .init("kernel_size", Self.pair(kernel)),
                .init("strides", Self.pair(strides)),
                .init("padding", .string(padding.rawValue)),
                .init("data_format", "channels_last"),
                .init("dilation_rate", Self.pair(1)),
                .init("groups", 1),
                .init("activation", "linear"),
                .init("use_bias", .bool(useBias)),
                .init("kernel_initializer", Self.initializer("GlorotUniform")),
                .init("bias_initializer", Self.initializer("Zeros")),
                .init("kernel_regularizer", .null),
                .init("bias_regularizer", .null),
                .init("activity_regularizer", .null),
                .init("kernel_constraint", .null),
                .init("bias_constraint", .null),
            ],
            inputs: [x], records: true, variables: variables, output: [h, w, filters])
    }

    /// `layers.DepthwiseConv2D(kernel, strides, padding, depth_multiplier, use_bias=False, name)`.
    mutating func depthwiseConv2D(
        _ x: KerasTensor, kernel: Int, strides: Int, padding: Padding, depthMultiplier: Int = 1,
        name: String
    ) -> KerasTensor {
        let h = Self.spatial(x.shape[0], kernel: kernel, stride: strides, padding: padding)
        let w = Self.spatial(x.shape[1], kernel: kernel, stride: strides, padding: padding)
        return layer(
            "DepthwiseConv2D", name: name,
            config: [
                .init("depth_multiplier", .int(depthMultiplier)),
                .init("kernel_size", Self.pair(kernel)),
                .init("strides", Self.pair(strides)),
                .init("padding", .string(padding.rawValue)),
                .init("data_format", "channels_last"),
                .init("dilation_rate", Self.pair(1)),
                .init("activation", "linear"),
                .init("use_bias", false),
                .init("depthwise_initializer", Self.initializer("GlorotUniform")),
                .init("bias_initializer", Self.initializer("Zeros")),
                .init("depthwise_regularizer", .null),
                .init("bias_regularizer", .null),
                .init("activity_regularizer", .null),
                .init("depthwise_constraint", .null),
                .init("bias_constraint", .null),
            ],
            inputs: [x], records: true,
            variables: [.init(
                name: "kernel", shape: [kernel, kernel, x.channels, depthMultiplier], isTrainable: true)],
            output: [h, w, x.channels * depthMultiplier])
    }

    /// `layers.BatchNormalization(axis=-1, momentum, epsilon, name)`.
    mutating func batchNormalization(
        _ x: KerasTensor, momentum: Double, epsilon: Double = 1e-3, name: String
    ) -> KerasTensor {
        let c = x.channels
        return layer(
            "BatchNormalization", name: name,
            config: [
                .init("axis", -1),
                .init("momentum", .double(momentum)),
                .init("epsilon", .double(epsilon)),
                .init("center", true),
                .init("scale", true),
                .init("beta_initializer", Self.initializer("Zeros")),
                .init("gamma_initializer", Self.initializer("Ones")),
                .init("moving_mean_initializer", Self.initializer("Zeros")),
                .init("moving_variance_initializer", Self.initializer("Ones")),
                .init("beta_regularizer", .null),
                .init("gamma_regularizer", .null),
                .init("beta_constraint", .null),
                .init("gamma_constraint", .null),
                .init("synchronized", false),
                .init("renorm", false),
                .init("renorm_clipping", .null),
                .init("renorm_momentum", 0.99),
            ],
            inputs: [x], records: true, kwargs: [.init("mask", .null)],
            variables: [
                .init(name: "gamma", shape: [c], isTrainable: true),
                .init(name: "beta", shape: [c], isTrainable: true),
                .init(name: "moving_mean", shape: [c], isTrainable: false),
                .init(name: "moving_variance", shape: [c], isTrainable: false),
            ],
            output: x.shape)
    }

    /// `layers.ReLU(max_value, name)`; `name: nil` auto-names it `re_lu_N`.
    mutating func relu(_ x: KerasTensor, maxValue: Double? = nil, name: String? = nil) -> KerasTensor {
        let name = name ?? autoName("re_lu")
        return layer(
            "ReLU", name: name,
            config: [
                .init("max_value", maxValue.map(KerasJSON.double) ?? .null),
                .init("negative_slope", 0.0),
                .init("threshold", 0.0),
            ],
            inputs: [x], records: false, output: x.shape)
    }

    /// `layers.Activation(activation, name)`; `name: nil` auto-names it `activation_N`.
    /// `activation` is the serialised name (`hard_silu` for Keras' `"hard_swish"`).
    mutating func activation(_ x: KerasTensor, _ activation: String, name: String? = nil) -> KerasTensor {
        let name = name ?? autoName("activation")
        return layer(
            "Activation", name: name, config: [.init("activation", .string(activation))],
            inputs: [x], records: false, output: x.shape)
    }

    /// `layers.ZeroPadding2D(((top, bottom), (left, right)), name)`.
    mutating func zeroPadding2D(
        _ x: KerasTensor, top: Int, bottom: Int, left: Int, right: Int, name: String
    ) -> KerasTensor {
        layer(
            "ZeroPadding2D", name: name,
            config: [
                .init("padding", .array([.array([.int(top), .int(bottom)]), .array([.int(left), .int(right)])])),
                .init("data_format", "channels_last"),
            ],
            inputs: [x], records: true,
            output: [x.shape[0] + top + bottom, x.shape[1] + left + right, x.channels])
    }

    /// `layers.GlobalAveragePooling2D(keepdims, name)`; `name: nil` auto-names it.
    mutating func globalAveragePooling2D(_ x: KerasTensor, keepdims: Bool, name: String? = nil) -> KerasTensor {
        globalPooling("GlobalAveragePooling2D", prefix: "global_average_pooling2d", x, keepdims: keepdims, name: name)
    }

    /// `layers.GlobalMaxPooling2D(keepdims=False, name)`; `name: nil` auto-names it.
    mutating func globalMaxPooling2D(_ x: KerasTensor, name: String? = nil) -> KerasTensor {
        globalPooling("GlobalMaxPooling2D", prefix: "global_max_pooling2d", x, keepdims: false, name: name)
    }

    /// Keras applications' `pooling` argument of a head-less model: a global average or max
    /// pooling (named `averageName` / `maxName`, auto-named when `nil`), or nothing.
    mutating func headlessPooling(_ x: KerasTensor, _ pooling: ArchitectureSpec.Pooling?,
                                  averageName: String? = nil, maxName: String? = nil) {
        switch pooling {
        case .avg: _ = globalAveragePooling2D(x, keepdims: false, name: averageName)
        case .max: _ = globalMaxPooling2D(x, name: maxName)
        case nil: break
        }
    }

    private mutating func globalPooling(
        _ className: String, prefix: String, _ x: KerasTensor, keepdims: Bool, name: String?
    ) -> KerasTensor {
        let name = name ?? autoName(prefix)
        return layer(
            className, name: name,
            config: [.init("data_format", "channels_last"), .init("keepdims", .bool(keepdims))],
            inputs: [x], records: false, output: keepdims ? [1, 1, x.channels] : [x.channels])
    }

    /// `layers.Dropout(rate, name)`; `name: nil` auto-names it. Called with `training=False`.
    mutating func dropout(_ x: KerasTensor, rate: Double, name: String? = nil) -> KerasTensor {
        let name = name ?? autoName("dropout")
        return layer(
            "Dropout", name: name,
            config: [.init("rate", .double(rate)), .init("seed", .null), .init("noise_shape", .null)],
            inputs: [x], records: false, kwargs: [.init("training", false)], output: x.shape)
    }

    /// `layers.Reshape(target_shape, name)`.
    mutating func reshape(_ x: KerasTensor, to target: [Int], name: String) -> KerasTensor {
        layer(
            "Reshape", name: name, config: [.init("target_shape", .array(target.map { .int($0) }))],
            inputs: [x], records: false, output: target)
    }

    /// `layers.Flatten()`, auto-named `flatten`.
    mutating func flatten(_ x: KerasTensor) -> KerasTensor {
        layer(
            "Flatten", name: autoName("flatten"), config: [.init("data_format", "channels_last")],
            inputs: [x], records: true, output: [x.shape.reduce(1, *)])
    }

    /// `layers.Dense(units, activation, name)` with a bias.
    mutating func dense(_ x: KerasTensor, units: Int, activation: String, name: String) -> KerasTensor {
        layer(
            "Dense", name: name,
            config: [
                .init("units", .int(units)),
                .init("activation", .string(activation)),
                .init("use_bias", true),
                .init("kernel_initializer", Self.initializer("GlorotUniform")),
                .init("bias_initializer", Self.initializer("Zeros")),
                .init("kernel_regularizer", .null),
                .init("bias_regularizer", .null),
                .init("kernel_constraint", .null),
                .init("bias_constraint", .null),
                .init("quantization_config", .null),
            ],
            inputs: [x], records: true,
            variables: [
                .init(name: "kernel", shape: [x.channels, units], isTrainable: true),
                .init(name: "bias", shape: [units], isTrainable: true),
            ],
            output: [units])
    }

    /// `layers.Rescaling(scale, offset)`, auto-named `rescaling`.
    mutating func rescaling(_ x: KerasTensor, scale: Double, offset: Double) -> KerasTensor {
        layer(
            "Rescaling", name: autoName("rescaling"),
            config: [.init("scale", .double(scale)), .init("offset", .double(offset))],
            inputs: [x], records: true, output: x.shape)
    }

    /// `layers.Add(name)([a, b])`, the merge layer.
    mutating func add(_ a: KerasTensor, _ b: KerasTensor, name: String) -> KerasTensor {
        layer("Add", name: name, config: [], inputs: [a, b], merge: true, records: true, output: a.shape)
    }

    /// `layers.Multiply(name)([a, b])`, the merge layer; `b` may broadcast (`[1, 1, c]`).
    mutating func multiply(_ a: KerasTensor, _ b: KerasTensor, name: String) -> KerasTensor {
        layer("Multiply", name: name, config: [], inputs: [a, b], merge: true, records: true, output: a.shape)
    }

    // MARK: Operation nodes

    /// `x + constant` on a symbolic tensor: a `keras.src.ops.numpy.Add` operation node.
    mutating func addConstant(_ x: KerasTensor, _ constant: Double) -> KerasTensor {
        operation("Add", prefix: "add", x, constant)
    }

    /// `x * constant` on a symbolic tensor: a `keras.src.ops.numpy.Multiply` operation node.
    mutating func multiplyConstant(_ x: KerasTensor, _ constant: Double) -> KerasTensor {
        operation("Multiply", prefix: "multiply", x, constant)
    }

    private mutating func operation(
        _ className: String, prefix: String, _ x: KerasTensor, _ constant: Double
    ) -> KerasTensor {
        let name = autoName(prefix)
        nodes.append(KerasGraphNode(
            module: "keras.src.ops.numpy",
            className: className,
            registeredName: className,
            name: name,
            config: [.init("name", .string(name))],
            buildInputShape: nil,
            args: [x.json, .double(constant)],
            kwargs: [],
            isLayer: false,
            variables: [],
            outputShape: x.shape
        ))
        return KerasTensor(producer: name, shape: x.shape)
    }
}
