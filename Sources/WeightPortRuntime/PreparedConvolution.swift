import WeightPortFormat

/// A convolution or dense layer ready to run: weights widened to float32, a following batch
/// norm folded in (`W' = W · s`, `b' = b · s + t` per output channel), the following activation
/// attached to the epilogue, and the kernel pre-packed — for the GEMM micro-kernel, or kept as
/// `[kh·kw, c]` rows for the depthwise kernel.
struct PreparedConvolution: Sendable {
    enum Weights: Sendable {
        /// One packed `kh·kw·cin/groups × cout/groups` matrix per group.
        case packed([PackedMatrix])
        /// Depthwise `kh·kw·c` weights, contiguous in `c`.
        case depthwise(FloatBuffer)
    }

    /// Stride, dilation, padding, groups (defaults for a dense layer).
    var attributes: Conv2DAttributes
    var kernelHeight: Int, kernelWidth: Int
    var outputChannels: Int
    var weights: Weights
    /// `cout` biases (zeros when the layer had none and no batch norm was folded).
    var bias: FloatBuffer
    var activation: FusedActivation

    /// Depthwise convolutions (one input channel per group, one output channel per group).
    var isDepthwise: Bool {
        if case .depthwise = weights { return true }
        return false
    }

    /// Reads a `conv2d` node's kernel `[kh, kw, cin/groups, cout]` and bias, folds `batchNorm`
    /// when given, and packs.
    /// - Throws: `RuntimeError.invalidAttributes` for non-positive strides, dilations or groups;
    ///   `.missingWeight`, `.weightShape` for a missing or ill-shaped kernel, bias or batch norm.
    static func convolution(node: Node, attributes: Conv2DAttributes, batchNorm: BatchNormParameters?,
                            batchNormNode: String?, activation: FusedActivation, model: Model) throws -> PreparedConvolution {
        let a = attributes
        guard a.strideHeight > 0, a.strideWidth > 0, a.dilationHeight > 0, a.dilationWidth > 0, a.groups > 0 else {
            throw RuntimeError.invalidAttributes(node: node.name, reason: "strides, dilations and groups must be positive")
        }
        if case let .explicit(top, left, bottom, right) = a.padding, min(top, left, bottom, right) < 0 {
            throw RuntimeError.invalidAttributes(node: node.name, reason: "negative padding")
        }
        let reader = WeightReader(node: node, model: model)
        guard let kernelTensor = try reader.tensor("kernel") else { throw RuntimeError.missingWeight(node: node.name, role: "kernel") }
        let shape = kernelTensor.shape
        guard shape.count == 4, shape.allSatisfy({ $0 > 0 }), shape[3] % a.groups == 0 else {
            throw RuntimeError.weightShape(node: node.name, tensor: kernelTensor.name, shape: shape,
                                           expected: "[kh, kw, cin/groups, cout] with cout divisible by \(a.groups) groups")
        }
        let depthwise = shape[2] == 1 && shape[3] == a.groups
        return try prepare(node: node, reader: reader, kernelShape: shape, attributes: a, depthwise: depthwise,
                           batchNorm: batchNorm, batchNormNode: batchNormNode, activation: activation)
    }

    /// Reads a `dense` node's kernel `[in, out]` and bias, folds `batchNorm` when given, and packs
    /// it as a 1×1 convolution.
    /// - Throws: `RuntimeError.missingWeight`, `.weightShape` as for `convolution`.
    static func dense(node: Node, batchNorm: BatchNormParameters?, batchNormNode: String?,
                      activation: FusedActivation, model: Model) throws -> PreparedConvolution {
        let reader = WeightReader(node: node, model: model)
        guard let kernelTensor = try reader.tensor("kernel") else { throw RuntimeError.missingWeight(node: node.name, role: "kernel") }
        let shape = kernelTensor.shape
        guard shape.count == 2, shape.allSatisfy({ $0 > 0 }) else {
            throw RuntimeError.weightShape(node: node.name, tensor: kernelTensor.name, shape: shape, expected: "[in, out]")
        }
        return try prepare(node: node, reader: reader, kernelShape: [1, 1, shape[0], shape[1]], attributes: Conv2DAttributes(),
                           depthwise: false, batchNorm: batchNorm, batchNormNode: batchNormNode, activation: activation)
    }

    private static func prepare(node: Node, reader: WeightReader, kernelShape: [Int], attributes: Conv2DAttributes,
                                depthwise: Bool, batchNorm: BatchNormParameters?, batchNormNode: String?,
                                activation: FusedActivation) throws -> PreparedConvolution {
        let outputs = kernelShape[3]
        var kernel = try reader.floats("kernel") ?? []
        var bias = try reader.floats("bias", shape: [outputs]) ?? [Float](repeating: 0, count: outputs)
        if let batchNorm {
            guard batchNorm.channels == outputs else {
                throw RuntimeError.invalidAttributes(node: batchNormNode ?? node.name,
                                                     reason: "batch norm over \(batchNorm.channels) channels follows '\(node.name)' with \(outputs) outputs")
            }
            for index in kernel.indices { kernel[index] *= batchNorm.scale[index % outputs] }
            for c in 0..<outputs { bias[c] = bias[c] * batchNorm.scale[c] + batchNorm.shift[c] }
        }
        let weights: Weights
        if depthwise {
            weights = .depthwise(FloatBuffer(kernel))
        } else {
            let groups = attributes.groups, groupOutputs = outputs / groups
            let rows = kernel.count / outputs
            weights = .packed((0..<groups).map { group in
                PackedMatrix(rows: rows, columns: groupOutputs, source: kernel, offset: group * groupOutputs, stride: outputs)
            })
        }
        return PreparedConvolution(attributes: attributes, kernelHeight: kernelShape[0], kernelWidth: kernelShape[1],
                                   outputChannels: outputs, weights: weights, bias: FloatBuffer(bias), activation: activation)
    }
}
