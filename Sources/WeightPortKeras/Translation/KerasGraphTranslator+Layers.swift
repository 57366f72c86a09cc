import WeightPortFormat

extension KerasGraphTranslator {
    /// Translates one layer (or operation node) called on `inputs`; returns its output value,
    /// which is named after the layer.
    /// - Throws: `KerasImportError.unsupportedLayer` for a class with no translation,
    ///   `.unsupportedSetting` for a setting with no exact canonical meaning, and the weight
    ///   errors of `readWeights`.
    mutating func translateLayer(_ layer: KerasLayerConfig, location: KerasLayerLocation, call: KerasCall,
                                 inputs: [String]) throws -> String {
        let name = location.qualifiedName
        let settings = KerasLayerSettings(file: file, layer: name, layerConfig: layer)
        func single() throws -> String {
            guard inputs.count == 1, call.arguments.count == 1 else {
                throw KerasImportError.unsupportedGraph(file: file, layer: name, className: layer.className,
                                                        reason: "expects one input tensor, is called with \(call.arguments.count) argument(s)")
            }
            return inputs[0]
        }
        func simple(_ op: Op) throws -> String {
            let input = try single()
            try requireNoWeights(location)
            try emit(Node(name: name, op: op, inputs: [input], outputs: [name]), tensors: [], location: location)
            return name
        }

        if layer.isOperationNode { return try translateOperation(layer, location: location, call: call, inputs: inputs) }

        switch layer.className {
        case "Conv2D":
            return try translateConvolution(settings, location: location, input: try single(), depthwise: false)
        case "DepthwiseConv2D":
            return try translateConvolution(settings, location: location, input: try single(), depthwise: true)
        case "BatchNormalization":
            return try translateBatchNormalization(settings, location: location, input: try single())
        case "Dense":
            return try translateDense(settings, location: location, input: try single())
        case "ReLU":
            let slope = try settings.float("negative_slope", default: 0)
            let threshold = try settings.float("threshold", default: 0)
            guard slope == 0, threshold == 0 else {
                throw settings.unsupported("negative_slope \(slope) / threshold \(threshold) (only 0 has a canonical op)")
            }
            guard settings.has("max_value") else { return try simple(.activation(.relu)) }
            let maximum = try settings.float("max_value")
            return try simple(.activation(maximum == 6 ? .relu6 : .clip(min: 0, max: maximum)))
        case "Activation":
            let op = try KerasActivation.op(layer.config["activation"], dialect: dialect, settings: settings)
            return try simple(op ?? .identity)
        case "Softmax":
            let axis = layer.config["axis"]
            guard axis == nil || axis?.integer == -1 || axis?.array == [.number(-1)] else {
                throw settings.unsupported("softmax axis \(axis.map { "\($0)" } ?? "") (only the last axis, -1)")
            }
            return try simple(.softmax)
        case "Dropout":
            return try simple(.identity)
        case "ZeroPadding2D":
            try settings.requireChannelsLast()
            let (top, bottom, left, right) = try Self.zeroPadding(settings)
            return try simple(.pad(top: top, left: left, bottom: bottom, right: right, value: 0))
        case "GlobalAveragePooling2D":
            try settings.requireChannelsLast()
            return try simple(.globalAvgPool(keepDims: try settings.bool("keepdims", default: false)))
        case "GlobalMaxPooling2D":
            try settings.requireChannelsLast()
            return try translateGlobalMaxPooling(settings, location: location, input: try single())
        case "AveragePooling2D", "MaxPooling2D":
            try settings.requireChannelsLast()
            let size = try settings.pair("pool_size", default: (2, 2))
            let strides = settings.has("strides") ? try settings.pair("strides") : size
            let paddingName = try settings.string("padding", default: "valid")
            guard paddingName == "valid" || paddingName == "same" else { throw settings.unsupported("padding '\(paddingName)'") }
            let attributes = PoolAttributes(kernelHeight: size.0, kernelWidth: size.1, strideHeight: strides.0, strideWidth: strides.1,
                                            padding: paddingName == "same" ? .same : .valid, countIncludesPadding: false)
            return try simple(layer.className == "MaxPooling2D" ? .maxPool(attributes) : .avgPool(attributes))
        case "Reshape":
            return try simple(.reshape(shape: try settings.integers("target_shape")))
        case "Flatten":
            try settings.requireChannelsLast()
            return try simple(.flatten)
        case "Rescaling":
            let offset = settings.has("offset") ? layer.config["offset"]?.number : 0
            guard let scale = layer.config["scale"]?.number, let offset else {
                throw settings.unsupported("scale and offset must be single numbers (per-channel rescaling has no canonical op)")
            }
            return try simple(.rescale(scale: Float(scale), offset: Float(offset)))
        case "Add", "Multiply":
            return try translateMerge(settings, location: location, call: call, inputs: inputs, op: layer.className == "Add" ? .add : .mul)
        case "TFOpLambda":
            return try translateTFOpLambda(settings, location: location, call: call, input: try single())
        default:
            throw KerasImportError.unsupportedLayer(file: file, layer: name, className: layer.className)
        }
    }

    /// GlobalMaxPooling2D as a max pool whose window is the whole (known) image, then — unless
    /// `keepdims` — a flatten to `[n, c]`: exactly Keras' maximum over height and width. Needs
    /// the model's input size to be fixed.
    private mutating func translateGlobalMaxPooling(_ settings: KerasLayerSettings, location: KerasLayerLocation, input: String) throws -> String {
        guard spatialSizeKnown, let shape = shapes[input], shape.count == 4 else {
            throw settings.unsupported("global max pooling needs a fixed input height and width")
        }
        try requireNoWeights(location)
        let name = location.qualifiedName
        let window = PoolAttributes(kernelHeight: shape[1], kernelWidth: shape[2], strideHeight: shape[1], strideWidth: shape[2])
        if try settings.bool("keepdims", default: false) {
            try emit(Node(name: name, op: .maxPool(window), inputs: [input], outputs: [name]), tensors: [], location: location)
        } else {
            let pooled = name + "/max_pool"
            try emit(Node(name: name, op: .maxPool(window), inputs: [input], outputs: [pooled]), tensors: [], location: location)
            try emit(Node(name: name + "/flatten", op: .flatten, inputs: [pooled], outputs: [name]), tensors: [], location: location)
        }
        return name
    }

    /// `padding`: `n`, `[h, w]` or `[[top, bottom], [left, right]]`.
    private static func zeroPadding(_ settings: KerasLayerSettings) throws -> (Int, Int, Int, Int) {
        let value = settings.config["padding"]
        if let all = value?.integer { return (all, all, all, all) }
        guard let items = value?.array, items.count == 2 else { throw settings.invalid("padding is malformed") }
        if let vertical = items[0].integer, let horizontal = items[1].integer {
            return (vertical, vertical, horizontal, horizontal)
        }
        guard let rows = items[0].array, let columns = items[1].array, rows.count == 2, columns.count == 2,
              let top = rows[0].integer, let bottom = rows[1].integer, let left = columns[0].integer, let right = columns[1].integer else {
            throw settings.invalid("padding is malformed")
        }
        return (top, bottom, left, right)
    }

    /// Conv2D / DepthwiseConv2D. A depthwise kernel `(kh, kw, cin, m)` becomes the grouped kernel
    /// `[kh, kw, 1, cin·m]` with `groups = cin`: TensorFlow's depthwise output channel `c·m + k`
    /// reads input channel `c`, which is exactly group `c`'s `k`-th output, so the C-order bytes
    /// are reused unchanged.
    private mutating func translateConvolution(_ settings: KerasLayerSettings, location: KerasLayerLocation, input: String,
                                               depthwise: Bool) throws -> String {
        try settings.requireChannelsLast()
        guard let inputShape = shapes[input], inputShape.count == 4 else {
            throw settings.invalid("expects an NHWC input, got shape \(shapes[input] ?? [])")
        }
        let channels = inputShape[3]
        let kernel = try settings.pair("kernel_size")
        let strides = try settings.pair("strides", default: (1, 1))
        let dilation = try settings.pair("dilation_rate", default: (1, 1))
        let paddingName = try settings.string("padding", default: "valid")
        let padding: Padding
        switch paddingName {
        case "same": padding = .same
        case "valid": padding = .valid
        default: throw settings.unsupported("padding '\(paddingName)'")
        }
        let useBias = try settings.bool("use_bias", default: true)
        let groups: Int
        let outputs: Int
        var kernelVariable: ExpectedVariable
        if depthwise {
            let multiplier = try settings.int("depth_multiplier", default: 1)
            groups = channels
            outputs = channels * multiplier
            kernelVariable = ExpectedVariable(name: "kernel", aliases: ["depthwise_kernel"], role: "kernel",
                                              storedShape: [kernel.0, kernel.1, channels, multiplier],
                                              shape: [kernel.0, kernel.1, 1, outputs], layout: .convolutionKernel)
        } else {
            groups = try settings.int("groups", default: 1)
            outputs = try settings.int("filters")
            guard groups > 0, channels % groups == 0 else { throw settings.invalid("groups \(groups) does not divide \(channels) input channels") }
            kernelVariable = ExpectedVariable(name: "kernel", role: "kernel", shape: [kernel.0, kernel.1, channels / groups, outputs],
                                              layout: .convolutionKernel)
        }
        kernelVariable.hint = Self.channelHint
        var expected = [kernelVariable]
        if useBias { expected.append(ExpectedVariable(name: "bias", role: "bias", shape: [outputs], layout: .perChannel)) }
        let (roles, newTensors) = try readWeights(expected, location: location)
        let attributes = Conv2DAttributes(strideHeight: strides.0, strideWidth: strides.1, dilationHeight: dilation.0,
                                          dilationWidth: dilation.1, padding: padding, groups: groups)
        return try emitWithActivation(.conv2d(attributes), settings: settings, location: location, input: input,
                                      weights: roles, tensors: newTensors)
    }

    private mutating func translateDense(_ settings: KerasLayerSettings, location: KerasLayerLocation, input: String) throws -> String {
        guard let inputShape = shapes[input], let features = inputShape.last, inputShape.count >= 2 else {
            throw settings.invalid("expects an input with a feature axis, got shape \(shapes[input] ?? [])")
        }
        let units = try settings.int("units")
        var expected = [ExpectedVariable(name: "kernel", role: "kernel", shape: [features, units], layout: .denseKernel, hint: Self.channelHint)]
        if try settings.bool("use_bias", default: true) {
            expected.append(ExpectedVariable(name: "bias", role: "bias", shape: [units], layout: .perChannel))
        }
        let (roles, newTensors) = try readWeights(expected, location: location)
        return try emitWithActivation(.dense, settings: settings, location: location, input: input, weights: roles, tensors: newTensors)
    }

    /// Emits `op` and, unless the layer's `activation` is linear, a separate activation node
    /// `<layer>/activation`; the layer's value is always the last node's output.
    private mutating func emitWithActivation(_ op: Op, settings: KerasLayerSettings, location: KerasLayerLocation, input: String,
                                             weights roles: [String: String], tensors newTensors: [Tensor]) throws -> String {
        let name = location.qualifiedName
        guard let activation = try KerasActivation.op(settings.config["activation"], dialect: dialect, settings: settings) else {
            try emit(Node(name: name, op: op, inputs: [input], outputs: [name], weights: roles), tensors: newTensors, location: location)
            return name
        }
        let linear = name + "/pre_activation"
        try emit(Node(name: name, op: op, inputs: [input], outputs: [linear], weights: roles), tensors: newTensors, location: location)
        try emit(Node(name: name + "/activation", op: activation, inputs: [linear], outputs: [name]), tensors: [], location: location)
        return name
    }

    /// BatchNormalization over the last axis; `center`/`scale` false drop beta/gamma.
    private mutating func translateBatchNormalization(_ settings: KerasLayerSettings, location: KerasLayerLocation, input: String) throws -> String {
        guard let inputShape = shapes[input], let channels = inputShape.last else { throw settings.invalid("input has no shape") }
        let axisValue = settings.config["axis"]
        let axis = axisValue?.integer ?? (axisValue?.array?.count == 1 ? axisValue?.array?[0].integer : nil)
        guard let axis, axis == -1 || axis == inputShape.count - 1 else {
            throw settings.unsupported("axis \(axisValue.map { "\($0)" } ?? "missing") is not the last axis of a rank-\(inputShape.count) input")
        }
        if try settings.bool("renorm", default: false) { throw settings.unsupported("renorm") }
        let epsilon = try settings.float("epsilon", default: 0.001)
        var expected: [ExpectedVariable] = []
        if try settings.bool("scale", default: true) {
            expected.append(ExpectedVariable(name: "gamma", role: "gamma", shape: [channels], layout: .perChannel))
        }
        if try settings.bool("center", default: true) {
            expected.append(ExpectedVariable(name: "beta", role: "beta", shape: [channels], layout: .perChannel))
        }
        expected.append(ExpectedVariable(name: "moving_mean", role: "mean", shape: [channels], layout: .perChannel))
        expected.append(ExpectedVariable(name: "moving_variance", role: "variance", shape: [channels], layout: .perChannel))
        let (roles, newTensors) = try readWeights(expected, location: location)
        let name = location.qualifiedName
        try emit(Node(name: name, op: .batchNorm(epsilon: epsilon), inputs: [input], outputs: [name], weights: roles),
                 tensors: newTensors, location: location)
        return name
    }

    /// Merge layers `Add` / `Multiply` over a list of tensors: two inputs give one node; more give
    /// a left-to-right chain (`((a + b) + c)`, Keras' own order), the last node named after the layer.
    private mutating func translateMerge(_ settings: KerasLayerSettings, location: KerasLayerLocation, call: KerasCall,
                                         inputs: [String], op: Op) throws -> String {
        guard inputs.count >= 2, call.arguments.count == 1, case .tensors = call.arguments[0] else {
            throw KerasImportError.unsupportedGraph(file: file, layer: location.qualifiedName, className: settings.className,
                                                    reason: "a merge layer must be called on one list of at least two tensors")
        }
        try requireNoWeights(location)
        let name = location.qualifiedName
        var accumulated = inputs[0]
        for index in 1..<inputs.count {
            let last = index == inputs.count - 1
            let nodeName = last ? name : "\(name)/\(op.canonicalName)_\(index)"
            try emit(Node(name: nodeName, op: op, inputs: [accumulated, inputs[index]], outputs: [nodeName]), tensors: [], location: location)
            accumulated = nodeName
        }
        return name
    }
}
