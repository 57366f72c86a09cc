extension ModelSummary {
    /// The key attributes of a node in a few words, for the `description` column:
    /// `conv2d 3×3/2 same`, `depthwise 3×3/1 same ×32`, `pointwise 1×1`, `dense 1024→1000`,
    /// `batch_norm ε0.001`, `relu6`, `global_avg_pool keepdims`, `pad 0,0,1,1`, `rescale ×0.00784 −1`.
    static func description(of node: Node, in model: Model, inputShapes: [[Int]], kind: LayerKind) throws -> String {
        let name = node.op.canonicalName
        let bias = node.weights["bias"] == nil ? "" : " +bias"
        func pair(_ a: Int, _ b: Int, _ separator: String) -> String { a == b ? "\(a)" : "\(a)\(separator)\(b)" }
        func window(_ kh: Int, _ kw: Int, _ sh: Int, _ sw: Int) -> String { "\(kh)×\(kw)/\(pair(sh, sw, ","))" }
        func padding(_ padding: Padding) -> String {
            switch padding {
            case .same: "same"
            case .explicit(0, 0, 0, 0): "valid"
            case let .explicit(top, left, bottom, right): "pad \(top),\(left),\(bottom),\(right)"
            }
        }
        func signed(_ value: Float) -> String {
            value < 0 ? "−" + SummaryFormatting.compact(-value) : "+" + SummaryFormatting.compact(value)
        }

        switch node.op {
        case let .conv2d(a):
            guard let kernel = try model.weight("kernel", of: node)?.shape, kernel.count == 4 else { return name }
            let dilation = a.dilationHeight == 1 && a.dilationWidth == 1 ? "" : " dilation \(pair(a.dilationHeight, a.dilationWidth, ","))"
            let shape = window(kernel[0], kernel[1], a.strideHeight, a.strideWidth)
            switch kind {
            case .depthwiseConvolution:
                let multiplier = kernel[3] / max(a.groups, 1)
                return "depthwise \(shape) \(padding(a.padding)) ×\(a.groups)" + (multiplier == 1 ? "" : " multiplier \(multiplier)") + dilation + bias
            case .pointwiseConvolution:
                let stride = a.strideHeight == 1 && a.strideWidth == 1 ? "" : "/\(pair(a.strideHeight, a.strideWidth, ","))"
                let pads = a.padding == .same || a.padding == .valid ? "" : " " + padding(a.padding)
                return "pointwise 1×1\(stride)\(pads)" + bias
            default:
                let groups = a.groups == 1 ? "" : " groups \(a.groups)"
                return "conv2d \(shape) \(padding(a.padding))" + groups + dilation + bias
            }
        case .dense:
            guard let kernel = try model.weight("kernel", of: node)?.shape, kernel.count == 2 else { return name }
            return "dense \(kernel[0])→\(kernel[1])" + bias
        case let .batchNorm(epsilon):
            return "batch_norm ε\(SummaryFormatting.compact(epsilon))"
        case let .activation(.clip(min, max)):
            return "clip \(SummaryFormatting.compact(min))…\(SummaryFormatting.compact(max))"
        case let .activation(.hardSigmoid(alpha, beta)):
            return "hard_sigmoid α\(SummaryFormatting.compact(alpha)) β\(SummaryFormatting.compact(beta))"
        case let .globalAvgPool(keepDims):
            return keepDims ? "global_avg_pool keepdims" : name
        case let .avgPool(a), let .maxPool(a):
            return "\(name) \(window(a.kernelHeight, a.kernelWidth, a.strideHeight, a.strideWidth)) \(padding(a.padding))"
        case let .reshape(shape):
            return "reshape → \(shape.map { $0 == -1 ? "?" : String($0) }.joined(separator: "×"))"
        case let .pad(top, left, bottom, right, value):
            return "pad \(top),\(left),\(bottom),\(right)" + (value == 0 ? "" : " value \(SummaryFormatting.compact(value))")
        case let .rescale(scale, offset):
            return "rescale ×\(SummaryFormatting.compact(scale))" + (offset == 0 ? "" : " " + signed(offset))
        case .activation, .add, .mul, .flatten, .softmax, .identity:
            return name
        }
    }
}
