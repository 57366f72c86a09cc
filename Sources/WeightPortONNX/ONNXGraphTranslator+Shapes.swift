import WeightPortFormat

/// Shape and layout ops, and the import-time folding of constants: Flatten, Reshape, Squeeze,
/// Unsqueeze, Transpose, Constant, Shape, Gather, Concat, Cast, CastLike, Expand.
extension ONNXGraphTranslator {
    /// ONNX `Flatten` with `axis = 1` → `flatten`.
    func flatten(_ node: ONNXNode) throws {
        guard let input = try value(node, 0) else { throw fail(node, "input 0 is missing") }
        let axis = try int(node, "axis", default: 1)
        switch input {
        case let .activation(activation):
            guard axis == 1 || (axis == 1 - activation.shape.count && activation.shape.count == 2) else {
                throw fail(node, "axis \(axis) would merge the batch axis; only axis 1 is supported")
            }
            let perSample = activation.shape.dropFirst().allSatisfy({ $0 > 0 }) ? Self.sampleElements(activation.shape) ?? -1 : -1
            try reshapeActivation(node, activation, to: [activation.shape[0], perSample])
        case let .constant(constant):
            let rank = constant.dims.count
            let split = axis < 0 ? axis + rank : axis
            guard (0...rank).contains(split) else { throw fail(node, "axis \(axis) is out of range") }
            try define(node, reshaped(constant, [constant.dims[..<split].reduce(1, *), constant.dims[split...].reduce(1, *)], name: try output(node)))
        }
    }

    /// ONNX `Reshape`; the target may come from a folded `Shape → Gather → Concat` chain holding
    /// the symbolic batch size. The batch axis must stay the first axis.
    func reshape(_ node: ONNXNode) throws {
        guard let input = try value(node, 0) else { throw fail(node, "input 0 is missing") }
        guard case let .constant(.ints(target))? = try value(node, 1) else { throw fail(node, "the target shape must be known at import time") }
        let allowZero = try int(node, "allowzero", default: 0) == 1
        switch input {
        case let .activation(activation):
            try reshapeActivation(node, activation, to: try resolvedShape(node, target.values, from: activation.shape, allowZero: allowZero))
        case let .constant(constant):
            guard let values = target.staticValues else { throw fail(node, "a constant cannot take the batch size") }
            let dims = try resolvedShape(node, values.map { .value($0) }, from: constant.dims, allowZero: allowZero)
            try define(node, reshaped(constant, dims, name: try output(node)))
        }
    }

    /// ONNX `Squeeze` / `Unsqueeze` (axes from the attribute before opset 13, input 1 since).
    func squeezeOrUnsqueeze(_ node: ONNXNode) throws {
        guard let input = try value(node, 0) else { throw fail(node, "input 0 is missing") }
        let axes = opset >= 13 ? try staticInts(node, 1) : try ints(node, "axes")
        let shape: [Int]
        switch input {
        case let .activation(activation): shape = activation.shape
        case let .constant(constant): shape = constant.dims
        }
        var result: [Int]
        if node.opType == "Squeeze" {
            let rank = shape.count
            let removed = Set((axes ?? (0..<rank).filter { shape[$0] == 1 }).map { $0 < 0 ? $0 + rank : $0 })
            guard removed.allSatisfy({ (0..<rank).contains($0) && shape[$0] == 1 }) else { throw fail(node, "squeezes axes \(axes ?? []) of shape \(shape) that are not 1") }
            result = (0..<rank).filter { !removed.contains($0) }.map { shape[$0] }
        } else {
            guard let axes else { throw fail(node, "has no axes") }
            let rank = shape.count + axes.count
            let inserted = Set(axes.map { $0 < 0 ? $0 + rank : $0 })
            guard inserted.count == axes.count, inserted.allSatisfy({ (0..<rank).contains($0) }) else { throw fail(node, "axes \(axes) are invalid") }
            var remaining = shape.makeIterator()
            result = (0..<rank).map { inserted.contains($0) ? 1 : (remaining.next() ?? 1) }
        }
        switch input {
        case let .activation(activation):
            try reshapeActivation(node, activation, to: result)
        case let .constant(constant):
            try define(node, reshaped(constant, result, name: try output(node)))
        }
    }

    /// ONNX `Transpose`: on an activation only the axis order changes (no node: the canonical
    /// data stays NHWC, so tf2onnx's NHWC↔NCHW pairs cancel); on a constant it is folded.
    func transpose(_ node: ONNXNode) throws {
        guard let input = try value(node, 0) else { throw fail(node, "input 0 is missing") }
        let rank = input.rank
        let permutation = try ints(node, "perm") ?? Array((0..<rank).reversed())
        guard permutation.count == rank, Set(permutation) == Set(0..<rank) else { throw fail(node, "perm \(permutation) is not a permutation of \(rank) axes") }
        switch input {
        case let .activation(activation):
            var inverse = [Int](repeating: 0, count: rank)
            for (position, axis) in permutation.enumerated() { inverse[axis] = position }
            let moved = ActivationValue(name: activation.name, shape: permutation.map { activation.shape[$0] },
                                        order: activation.order.map { inverse[$0] })
            values[try output(node)] = .activation(moved)
        case let .constant(.floats(constant)):
            try define(node, .floats(constant.transposed(permutation, name: try output(node))))
        case .constant(.ints):
            throw fail(node, "transposing an integer constant is not supported")
        }
    }

    /// ONNX `Constant` (`value`, `value_float(s)`, `value_int(s)`) → a constant.
    func constantNode(_ node: ONNXNode) throws {
        let name = try output(node)
        switch (node.attributes["value"], node.attributes["value_float"], node.attributes["value_floats"],
                node.attributes["value_int"], node.attributes["value_ints"]) {
        case let (.tensor(proto)?, _, _, _, _):
            var constant = try reader.read(proto, fallbackName: name)
            if case let .floats(floats) = constant { constant = .floats(floats.reshaped(floats.dims, name: name)) }
            try define(node, constant)
        case let (_, .float(value)?, _, _, _):
            try define(node, .floats(.float32(name: name, dims: [], values: [value])))
        case let (_, _, .floats(values)?, _, _):
            try define(node, .floats(.float32(name: name, dims: [values.count], values: values)))
        case let (_, _, _, .int(value)?, _):
            try define(node, .ints(IntConstant(dims: [], values: [.value(value)])))
        case let (_, _, _, _, .ints(values)?):
            try define(node, .ints(IntConstant(dims: [values.count], values: values.map { .value($0) })))
        default:
            throw fail(node, "only tensor, float(s) and int(s) constants are supported")
        }
    }

    /// ONNX `Shape` (with `start`/`end` since opset 15) → an integer constant; a dynamic batch
    /// becomes the symbolic batch size.
    func shape(_ node: ONNXNode) throws {
        guard let input = try value(node, 0) else { throw fail(node, "input 0 is missing") }
        var dims: [SymbolicInt]
        switch input {
        case let .activation(activation):
            dims = try activation.shape.enumerated().map { axis, size in
                if size > 0 { return .value(size) }
                guard axis == 0 else { throw fail(node, "axis \(axis) of '\(activation.name)' has no static size") }
                return .batch
            }
        case let .constant(constant):
            dims = constant.dims.map { .value($0) }
        }
        let rank = dims.count
        func clamp(_ index: Int) -> Int { min(max(index < 0 ? index + rank : index, 0), rank) }
        let start = clamp(try int(node, "start", default: 0))
        let end = clamp(try int(node, "end", default: rank))
        dims = start < end ? Array(dims[start..<end]) : []
        try define(node, .ints(IntConstant(dims: [dims.count], values: dims)))
    }

    /// ONNX `Gather` on integer constants (shape arithmetic) → folded.
    func gather(_ node: ONNXNode) throws {
        guard case let .constant(.ints(data))? = try value(node, 0), data.dims.count == 1 else {
            throw fail(node, "only gathers from 1-D integer constants (shape arithmetic) are supported")
        }
        guard try int(node, "axis", default: 0) == 0, case let .constant(.ints(indices))? = try value(node, 1),
              let positions = indices.staticValues else {
            throw fail(node, "indices must be constant, on axis 0")
        }
        let count = data.values.count
        let picked = try positions.map { position -> SymbolicInt in
            let index = position < 0 ? position + count : position
            guard (0..<count).contains(index) else { throw fail(node, "index \(position) is out of range for \(count) values") }
            return data.values[index]
        }
        try define(node, .ints(IntConstant(dims: indices.dims, values: picked)))
    }

    /// ONNX `Concat` of integer constants (shape arithmetic) → folded.
    func concat(_ node: ONNXNode) throws {
        var result: [SymbolicInt] = []
        for index in node.inputs.indices {
            guard case let .constant(.ints(part))? = try value(node, index), part.dims.count <= 1 else {
                throw fail(node, "only concatenation of 1-D integer constants (shape arithmetic) is supported")
            }
            result += part.values
        }
        try define(node, .ints(IntConstant(dims: [result.count], values: result)))
    }

    /// ONNX `Cast` / `CastLike`: folded into constants (a float16 weight cast to float keeps its
    /// float16 storage; the runtime widens it exactly); a float activation cast to float is an
    /// `identity`.
    func cast(_ node: ONNXNode) throws {
        guard let input = try value(node, 0) else { throw fail(node, "input 0 is missing") }
        let target: Int
        if node.opType == "Cast" {
            target = try int(node, "to", default: 0)
        } else {
            switch try value(node, 1) {
            case .activation?: target = 1
            case .constant(.floats(let like))?: target = like.dtype == .float16 ? 10 : 1
            case .constant(.ints)?: target = 7
            case nil: throw fail(node, "has no target_type input")
            }
        }
        switch (input, target) {
        case let (.activation(activation), 1):
            try emit(node, .identity, inputs: [activation], shape: activation.shape, order: activation.order)
        case let (.constant(.floats(constant)), 1):
            try define(node, .floats(constant))
        case let (.constant(.floats(constant)), 10):
            try define(node, .floats(constant.converted(to: .float16)))
        case let (.constant(.ints(constant)), 6), let (.constant(.ints(constant)), 7):
            try define(node, .ints(constant))
        case let (.constant(.ints(constant)), 1):
            guard let values = constant.staticValues else { throw fail(node, "cannot cast the symbolic batch size to float") }
            var converted = FloatConstant.float32(name: try output(node), dims: constant.dims, values: values.map { Float($0) })
            converted.isComputed = true
            try define(node, .floats(converted))
        default:
            throw fail(node, "cast to ONNX type \(target) is not supported here")
        }
    }

    /// ONNX `Expand` with a static shape: folded on constants; on an activation only a no-op
    /// expansion is accepted (an `identity`).
    func expand(_ node: ONNXNode) throws {
        guard let input = try value(node, 0) else { throw fail(node, "input 0 is missing") }
        guard let target = try staticInts(node, 1) else { throw fail(node, "has no shape") }
        guard let shape = Self.broadcast(input.dims, target) else { throw fail(node, "shape \(target) does not broadcast with \(input.dims)") }
        if case .constant = input {
            guard shape.allSatisfy({ $0 >= 0 }), Self.sampleElements([1] + shape).map({ $0 <= Self.maximumFoldedElements }) == true else {
                throw fail(node, "expanding to \(shape) would materialise too large a constant")
            }
        }
        switch input {
        case let .activation(activation):
            guard shape == activation.shape else { throw fail(node, "expanding an activation from \(activation.shape) to \(shape) is not supported") }
            try emit(node, .identity, inputs: [activation], shape: activation.shape, order: activation.order)
        case let .constant(.floats(constant)):
            let values = Self.broadcastValues(constant.floats(), from: constant.dims, to: shape)
            var expanded = FloatConstant.float32(name: try output(node), dims: shape, values: values)
            expanded = constant.dtype == .float16 ? expanded.converted(to: .float16) : expanded
            expanded.isComputed = true
            try define(node, .floats(expanded))
        case let .constant(.ints(constant)):
            try define(node, .ints(IntConstant(dims: shape, values: Self.broadcastValues(constant.values, from: constant.dims, to: shape))))
        }
    }

    // MARK: Helpers

    /// Emits `reshape` (or `flatten` for a 2-D result) for an activation whose ONNX shape becomes
    /// `shape`. Requires the canonical element order to equal the ONNX one, and the batch to stay
    /// the first axis.
    private func reshapeActivation(_ node: ONNXNode, _ input: ActivationValue, to shape: [Int]) throws {
        guard input.keepsElementOrder else {
            throw fail(node, "reshaping \(input.shape) would read NCHW element order, which the NHWC canonical graph does not have (spatial size > 1)")
        }
        guard shape.count >= 2, shape[0] == input.shape[0], shape.dropFirst().allSatisfy({ $0 > 0 }) else {
            throw fail(node, "result shape \(shape) must keep the batch axis \(input.shape[0]) first and have static sample dimensions")
        }
        let order = ActivationValue.order(forReshapedTo: shape)
        let canonical = order.map { shape[$0] }
        let op: Op = shape.count == 2 ? .flatten : .reshape(shape: Array(canonical.dropFirst()))
        try emit(node, op, inputs: [input], shape: shape, order: order)
    }

    /// The ONNX `Reshape` target with `0` (copy), `-1` (infer) and the symbolic batch resolved.
    private func resolvedShape(_ node: ONNXNode, _ target: [SymbolicInt], from input: [Int], allowZero: Bool) throws -> [Int] {
        var shape: [Int] = []
        var inferred: Int?
        for (axis, entry) in target.enumerated() {
            switch entry {
            case .batch:
                guard axis == 0, input.first.map({ $0 == -1 || $0 > 0 }) == true else { throw fail(node, "the batch size may only stay the first axis") }
                shape.append(input[0])
            case .value(0) where !allowZero:
                guard axis < input.count else { throw fail(node, "0 at axis \(axis) copies a dimension the input lacks") }
                shape.append(input[axis])
            case .value(-1):
                guard inferred == nil else { throw fail(node, "target \(target) has more than one -1") }
                inferred = axis
                shape.append(-1)
            case let .value(size):
                guard size >= 0 else { throw fail(node, "target dimension \(size) is negative") }
                shape.append(size)
            }
        }
        let dynamicBatch = input.first == -1
        guard input.dropFirst().allSatisfy({ $0 >= 0 }), dynamicBatch || input.first.map({ $0 >= 0 }) ?? true else {
            throw fail(node, "input shape \(input) is not static")
        }
        guard let inferred else { return shape }
        let knownAxes = shape.indices.filter { $0 != inferred }
        if dynamicBatch {
            // Sizes per sample: the batch must be axis 0 of the result, as -1 or as the copied batch.
            let perSample = try product(node, Array(input.dropFirst()))
            if inferred == 0 {
                guard try product(node, Array(shape.dropFirst())) == perSample else { throw fail(node, "target \(target) does not keep the dynamic batch axis") }
                return shape
            }
            guard shape[0] == -1 else { throw fail(node, "target \(target) does not keep the dynamic batch axis") }
            let known = try product(node, knownAxes.dropFirst().map { shape[$0] })
            guard known > 0, perSample % known == 0 else { throw fail(node, "cannot reshape \(input) to \(target)") }
            shape[inferred] = perSample / known
            return shape
        }
        let total = try product(node, input)
        let known = try product(node, knownAxes.map { shape[$0] })
        guard known > 0, total % known == 0 else { throw fail(node, "cannot reshape \(input) to \(target)") }
        shape[inferred] = total / known
        return shape
    }

    /// The product of `values`, or an error naming `node` when it overflows.
    private func product(_ node: ONNXNode, _ values: [Int]) throws -> Int {
        var result = 1
        for value in values {
            let (next, overflow) = result.multipliedReportingOverflow(by: value)
            guard !overflow else { throw fail(node, "the sizes \(values) overflow") }
            result = next
        }
        return result
    }

    private func reshaped(_ constant: ONNXConstant, _ dims: [Int], name: String) throws -> ONNXConstant {
        var count = 1
        for size in dims {
            let (next, overflow) = count.multipliedReportingOverflow(by: size)
            guard size >= 0, !overflow else { throw ONNXImportError.invalidDimensions(file: file, tensor: name, dims: dims.map { Int64($0) }) }
            count = next
        }
        switch constant {
        case let .floats(floats):
            guard count == floats.elementCount else { throw ONNXImportError.tensorDataMismatch(file: file, tensor: name, expected: count, found: floats.elementCount) }
            return .floats(floats.reshaped(dims, name: name))
        case let .ints(ints):
            guard count == ints.values.count else { throw ONNXImportError.tensorDataMismatch(file: file, tensor: name, expected: count, found: ints.values.count) }
            return .ints(IntConstant(dims: dims, values: ints.values))
        }
    }

    private static func broadcastValues<T>(_ values: [T], from dims: [Int], to shape: [Int]) -> [T] {
        let padded = [Int](repeating: 1, count: shape.count - dims.count) + dims
        var strides = [Int](repeating: 0, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 ? 0 : step
            step *= padded[axis]
        }
        let count = shape.reduce(1, *)
        var result: [T] = []
        result.reserveCapacity(count)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<count {
            result.append(values[zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }])
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}

extension ONNXGraphTranslator.GraphValue {
    var rank: Int { dims.count }

    /// ONNX-order dimensions.
    var dims: [Int] {
        switch self {
        case let .activation(activation): activation.shape
        case let .constant(constant): constant.dims
        }
    }
}
