/// The manifest form of a node:
/// `{"name", "op", "inputs", "outputs", "weights": {role: tensor}, "attributes": {...}}`.
/// `op` is the canonical op name (`conv2d`, `batch_norm`, `relu`, `hard_swish`, ...); attributes
/// are listed per op in `Schemas/WPK.md`. Unknown keys are ignored; an unknown op is an error.
extension Node: Codable {
    enum CodingKeys: String, CodingKey {
        case name, op, inputs, outputs, weights, attributes
    }

    enum AttributeKeys: String, CodingKey {
        case strides, dilations, padding, groups, epsilon, keepdims, kernel, shape, pads, value, scale, offset
        case countIncludePad = "count_include_pad"
        case min, max, alpha, beta
    }

    /// Decodes a manifest node.
    /// - Throws: `DecodingError` for a missing key, a wrong type or an unknown op.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let opName = try container.decode(String.self, forKey: .op)
        let attributes = try? container.nestedContainer(keyedBy: AttributeKeys.self, forKey: .attributes)
        func attribute<T: Decodable>(_ key: AttributeKeys, _ type: T.Type) throws -> T {
            guard let attributes else {
                throw DecodingError.keyNotFound(CodingKeys.attributes, .init(codingPath: container.codingPath, debugDescription: "op '\(opName)' needs attributes"))
            }
            return try attributes.decode(type, forKey: key)
        }
        func pair(_ key: AttributeKeys) throws -> (Int, Int) {
            let values = try attribute(key, [Int].self)
            guard values.count == 2 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: try container.nestedContainer(keyedBy: AttributeKeys.self, forKey: .attributes),
                                                       debugDescription: "'\(key.stringValue)' needs 2 values")
            }
            return (values[0], values[1])
        }
        func padding() throws -> Padding {
            if let same = try? attribute(.padding, String.self) {
                guard same == "same" else {
                    throw DecodingError.dataCorruptedError(forKey: .padding, in: try container.nestedContainer(keyedBy: AttributeKeys.self, forKey: .attributes),
                                                           debugDescription: "padding must be \"same\" or [top, left, bottom, right]")
                }
                return .same
            }
            let values = try attribute(.padding, [Int].self)
            guard values.count == 4 else {
                throw DecodingError.dataCorruptedError(forKey: .padding, in: try container.nestedContainer(keyedBy: AttributeKeys.self, forKey: .attributes),
                                                       debugDescription: "padding needs 4 values")
            }
            return .explicit(top: values[0], left: values[1], bottom: values[2], right: values[3])
        }
        func pool() throws -> PoolAttributes {
            let kernel = try pair(.kernel)
            let strides = try pair(.strides)
            return PoolAttributes(kernelHeight: kernel.0, kernelWidth: kernel.1, strideHeight: strides.0, strideWidth: strides.1,
                                  padding: try padding(), countIncludesPadding: try attribute(.countIncludePad, Bool.self))
        }

        let op: Op
        switch opName {
        case "conv2d":
            let strides = try pair(.strides)
            let dilations = try pair(.dilations)
            op = .conv2d(Conv2DAttributes(strideHeight: strides.0, strideWidth: strides.1, dilationHeight: dilations.0,
                                          dilationWidth: dilations.1, padding: try padding(), groups: try attribute(.groups, Int.self)))
        case "batch_norm": op = .batchNorm(epsilon: try attribute(.epsilon, Float.self))
        case "dense": op = .dense
        case "relu": op = .activation(.relu)
        case "relu6": op = .activation(.relu6)
        case "clip": op = .activation(.clip(min: try attribute(.min, Float.self), max: try attribute(.max, Float.self)))
        case "hard_sigmoid": op = .activation(.hardSigmoid(alpha: try attribute(.alpha, Float.self), beta: try attribute(.beta, Float.self)))
        case "hard_swish": op = .activation(.hardSwish)
        case "sigmoid": op = .activation(.sigmoid)
        case "swish": op = .activation(.swish)
        case "add": op = .add
        case "mul": op = .mul
        case "global_avg_pool": op = .globalAvgPool(keepDims: try attribute(.keepdims, Bool.self))
        case "avg_pool": op = .avgPool(try pool())
        case "max_pool": op = .maxPool(try pool())
        case "reshape": op = .reshape(shape: try attribute(.shape, [Int].self))
        case "flatten": op = .flatten
        case "pad":
            let pads = try attribute(.pads, [Int].self)
            guard pads.count == 4 else {
                throw DecodingError.dataCorruptedError(forKey: .op, in: container, debugDescription: "pad needs 4 pads")
            }
            op = .pad(top: pads[0], left: pads[1], bottom: pads[2], right: pads[3], value: try attribute(.value, Float.self))
        case "rescale": op = .rescale(scale: try attribute(.scale, Float.self), offset: try attribute(.offset, Float.self))
        case "softmax": op = .softmax
        case "identity": op = .identity
        default:
            throw DecodingError.dataCorruptedError(forKey: .op, in: container, debugDescription: "unknown op '\(opName)'")
        }
        self.init(name: try container.decode(String.self, forKey: .name),
                  op: op,
                  inputs: try container.decode([String].self, forKey: .inputs),
                  outputs: try container.decode([String].self, forKey: .outputs),
                  weights: try container.decodeIfPresent([String: String].self, forKey: .weights) ?? [:])
    }

    /// Encodes the manifest form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(op.canonicalName, forKey: .op)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(weights, forKey: .weights)
        var attributes = container.nestedContainer(keyedBy: AttributeKeys.self, forKey: .attributes)
        func encode(_ padding: Padding) throws {
            switch padding {
            case .same: try attributes.encode("same", forKey: .padding)
            case let .explicit(top, left, bottom, right): try attributes.encode([top, left, bottom, right], forKey: .padding)
            }
        }
        switch op {
        case let .conv2d(a):
            try attributes.encode([a.strideHeight, a.strideWidth], forKey: .strides)
            try attributes.encode([a.dilationHeight, a.dilationWidth], forKey: .dilations)
            try encode(a.padding)
            try attributes.encode(a.groups, forKey: .groups)
        case let .batchNorm(epsilon):
            try attributes.encode(epsilon, forKey: .epsilon)
        case let .activation(.clip(min, max)):
            try attributes.encode(min, forKey: .min)
            try attributes.encode(max, forKey: .max)
        case let .activation(.hardSigmoid(alpha, beta)):
            try attributes.encode(alpha, forKey: .alpha)
            try attributes.encode(beta, forKey: .beta)
        case let .globalAvgPool(keepDims):
            try attributes.encode(keepDims, forKey: .keepdims)
        case let .avgPool(a), let .maxPool(a):
            try attributes.encode([a.kernelHeight, a.kernelWidth], forKey: .kernel)
            try attributes.encode([a.strideHeight, a.strideWidth], forKey: .strides)
            try encode(a.padding)
            try attributes.encode(a.countIncludesPadding, forKey: .countIncludePad)
        case let .reshape(shape):
            try attributes.encode(shape, forKey: .shape)
        case let .pad(top, left, bottom, right, value):
            try attributes.encode([top, left, bottom, right], forKey: .pads)
            try attributes.encode(value, forKey: .value)
        case let .rescale(scale, offset):
            try attributes.encode(scale, forKey: .scale)
            try attributes.encode(offset, forKey: .offset)
        case .dense, .activation, .add, .mul, .flatten, .softmax, .identity:
            break
        }
    }
}

extension Op {
    /// The op's name in manifests, `inspect` and error messages (`conv2d`, `batch_norm`, `relu6`, ...).
    public var canonicalName: String {
        switch self {
        case .conv2d: "conv2d"
        case .batchNorm: "batch_norm"
        case .dense: "dense"
        case .activation(.relu): "relu"
        case .activation(.relu6): "relu6"
        case .activation(.clip): "clip"
        case .activation(.hardSigmoid): "hard_sigmoid"
        case .activation(.hardSwish): "hard_swish"
        case .activation(.sigmoid): "sigmoid"
        case .activation(.swish): "swish"
        case .add: "add"
        case .mul: "mul"
        case .globalAvgPool: "global_avg_pool"
        case .avgPool: "avg_pool"
        case .maxPool: "max_pool"
        case .reshape: "reshape"
        case .flatten: "flatten"
        case .pad: "pad"
        case .rescale: "rescale"
        case .softmax: "softmax"
        case .identity: "identity"
        }
    }
}
