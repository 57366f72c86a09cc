import WeightPortFormat

/// Element-wise ops: activations, Clip, Softmax, Identity/Dropout, and Add/Mul/Sub/Div.
extension ONNXGraphTranslator {
    /// A one-input op that keeps the shape.
    func unary(_ node: ONNXNode, _ op: Op) throws {
        let input = try activation(node, 0)
        try emit(node, op, inputs: [input], shape: input.shape, order: input.order)
    }

    /// ONNX `Clip` (opset 11+: bounds are optional constant inputs). `Clip(0, 6)` → `relu6`,
    /// `Clip(0, ∞)` → `relu`, anything else → `clip`.
    func clip(_ node: ONNXNode) throws {
        let lower = try scalar(node, 1) ?? -.infinity
        let upper = try scalar(node, 2) ?? .infinity
        let activation: Activation
        switch (lower, upper) {
        case (0, 6): activation = .relu6
        case (0, .infinity), (0, .greatestFiniteMagnitude): activation = .relu
        default: activation = .clip(min: lower, max: upper)
        }
        try unary(node, .activation(activation))
    }

    /// ONNX `Softmax` over the canonical last axis → `softmax`. Before opset 13 the op flattens
    /// from `axis` on, which equals a last-axis softmax only when `axis` is the last axis.
    func softmax(_ node: ONNXNode) throws {
        let input = try activation(node, 0)
        let rank = input.shape.count
        let axis = try int(node, "axis", default: opset >= 13 ? -1 : 1)
        let normalized = axis < 0 ? axis + rank : axis
        guard normalized == input.order.last, opset >= 13 || normalized == rank - 1 else {
            throw fail(node, "softmax over ONNX axis \(axis) of shape \(input.shape) is not over the canonical last axis")
        }
        try emit(node, .softmax, inputs: [input], shape: input.shape, order: input.order)
    }

    /// ONNX `Identity` and inference `Dropout` → `identity` on activations; aliases on constants.
    func identity(_ node: ONNXNode) throws {
        if node.opType == "Dropout", opset >= 12, let training = try value(node, 2) {
            guard case let .constant(.ints(mode)) = training, mode.staticValues == [0] else {
                throw fail(node, "training_mode must be a constant false")
            }
        }
        guard let input = try value(node, 0) else { throw fail(node, "input 0 is missing") }
        switch input {
        case let .constant(constant):
            try define(node, constant)
        case let .activation(activation):
            try emit(node, .identity, inputs: [activation], shape: activation.shape, order: activation.order)
        }
    }

    /// ONNX `Add`, `Mul`, `Sub`, `Div`:
    /// - two activations of the same rank and axis order → `add` / `mul` (broadcasting maps
    ///   axis for axis, e.g. NCHW `[n,c,1,1]` gating becomes NHWC `[n,1,1,c]`);
    /// - an activation and a scalar constant → `rescale` (`x + c`, `x · c`, `x − c`, `c − x`);
    /// - an activation and a per-channel constant (NCHW `[1,c,1,1]`, `[c,1,1]`, or `[c]` on a
    ///   2-D value) → `batch_norm` with mean 0, variance 1 and epsilon 0, which computes exactly
    ///   `x · gamma + beta`;
    /// - two integer constants (shape arithmetic) → folded.
    /// Division by a constant is refused: `x · (1/c)` rounds differently from `x / c`.
    func binary(_ node: ONNXNode) throws {
        guard let left = try value(node, 0), let right = try value(node, 1) else { throw fail(node, "needs two inputs") }
        switch (left, right) {
        case let (.activation(a), .activation(b)):
            guard node.opType == "Add" || node.opType == "Mul" else { throw fail(node, "\(node.opType) of two activations has no canonical op") }
            guard a.shape.count == b.shape.count, a.order == b.order, let shape = Self.broadcast(a.shape, b.shape) else {
                throw fail(node, "operands of shapes \(a.shape) and \(b.shape) do not broadcast the same way in NHWC")
            }
            try emit(node, node.opType == "Add" ? .add : .mul, inputs: [a, b], shape: shape, order: a.order)
        case let (.activation(a), .constant(.floats(c))):
            try constantOperand(node, a, c, constantFirst: false)
        case let (.constant(.floats(c)), .activation(a)):
            try constantOperand(node, a, c, constantFirst: true)
        case let (.constant(.ints(a)), .constant(.ints(b))):
            try define(node, .ints(try integerArithmetic(node, a, b)))
        default:
            throw fail(node, "operand kinds are not supported (constant-only float arithmetic, or mixed integer/float)")
        }
    }

    private func constantOperand(_ node: ONNXNode, _ input: ActivationValue, _ constant: FloatConstant, constantFirst: Bool) throws {
        let rank = input.shape.count
        guard constant.dims.count <= rank else { throw fail(node, "constant of shape \(constant.dims) has a higher rank than \(input.shape)") }
        let padded = [Int](repeating: 1, count: rank - constant.dims.count) + constant.dims
        let varying = (0..<rank).filter { padded[$0] != 1 }
        guard varying.allSatisfy({ padded[$0] == input.shape[$0] }) else {
            throw fail(node, "constant of shape \(constant.dims) would enlarge the activation \(input.shape)")
        }
        let values = constant.floats()
        let kind = node.opType
        if varying.isEmpty {
            let c = values[0]
            let op: Op
            switch (kind, constantFirst) {
            case ("Add", _): op = .rescale(scale: 1, offset: c)
            case ("Mul", _): op = .rescale(scale: c, offset: 0)
            case ("Sub", false): op = .rescale(scale: 1, offset: -c)
            case ("Sub", true): op = .rescale(scale: -1, offset: c)
            default: throw fail(node, "division by a constant has no exact canonical op")
            }
            try emit(node, op, inputs: [input], shape: input.shape, order: input.order)
            return
        }
        guard varying == [input.order[rank - 1]] else {
            throw fail(node, "constant of shape \(constant.dims) varies along axes other than the channel axis")
        }
        let channels = input.shape[varying[0]]
        let perChannel = constant.reshaped([channels], name: constant.name)
        var gamma: FloatConstant?
        var beta: FloatConstant?
        switch (kind, constantFirst) {
        case ("Add", _): beta = perChannel
        case ("Mul", _): gamma = perChannel
        case ("Sub", false): beta = .float32(name: "\(constant.name)/negated", dims: [channels], values: values.map { -$0 })
        case ("Sub", true):
            gamma = .float32(name: "\(node.name)/minus_one", dims: [channels], values: Array(repeating: -1, count: channels))
            beta = perChannel
        default: throw fail(node, "division by a constant has no exact canonical op")
        }
        var weights = [
            "mean": try store(.float32(name: "\(node.name)/zero_mean", dims: [channels], values: Array(repeating: 0, count: channels)), layout: .perChannel),
            "variance": try store(.float32(name: "\(node.name)/unit_variance", dims: [channels], values: Array(repeating: 1, count: channels)), layout: .perChannel),
        ]
        if let gamma { weights["gamma"] = try store(gamma, layout: .perChannel) }
        if let beta { weights["beta"] = try store(beta, layout: .perChannel) }
        try emit(node, .batchNorm(epsilon: 0), inputs: [input], shape: input.shape, order: input.order, weights: weights)
    }

    private func integerArithmetic(_ node: ONNXNode, _ a: IntConstant, _ b: IntConstant) throws -> IntConstant {
        guard let x = a.staticValues, let y = b.staticValues, x.count == y.count || x.count == 1 || y.count == 1 else {
            throw fail(node, "integer arithmetic needs static operands of matching size")
        }
        let count = max(x.count, y.count)
        var result: [SymbolicInt] = []
        for index in 0..<count {
            let (p, q) = (x[x.count == 1 ? 0 : index], y[y.count == 1 ? 0 : index])
            switch node.opType {
            case "Add": result.append(.value(p &+ q))
            case "Sub": result.append(.value(p &- q))
            case "Mul": result.append(.value(p &* q))
            default:
                let (quotient, overflow) = p.dividedReportingOverflow(by: q)
                guard q != 0, !overflow else { throw fail(node, "integer division \(p) / \(q) is undefined") }
                result.append(.value(quotient))
            }
        }
        return IntConstant(dims: x.count >= y.count ? a.dims : b.dims, values: result)
    }

    /// NumPy broadcasting of two ONNX shapes where `-1` is an unknown (batch) size.
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let x = [Int](repeating: 1, count: rank - a.count) + a
        let y = [Int](repeating: 1, count: rank - b.count) + b
        var result: [Int] = []
        for (p, q) in zip(x, y) {
            if p == q || q == 1 { result.append(p) } else if p == 1 { result.append(q) } else if p == -1 || q == -1 { result.append(max(p, q)) } else { return nil }
        }
        return result
    }
}
