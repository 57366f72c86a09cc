extension Model {
    /// Infers the concrete shape of every value for the given input shapes (NHWC, no `-1`).
    /// O(nodes). The runtime plans buffers from it; `inspect` prints it.
    /// - Parameter inputShapes: shape per model input name; inputs not given use their declared
    ///   shape with any `-1` replaced by 1.
    /// - Throws: `FormatError.shapeMismatch` naming the first node whose inputs do not fit its op,
    ///   `FormatError.undefinedReference` for a missing value or weight.
    public func inferShapes(inputShapes: [String: [Int]] = [:]) throws -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for input in inputs {
            shapes[input.name] = inputShapes[input.name] ?? input.shape.map { $0 < 0 ? 1 : $0 }
        }
        for node in nodes {
            let inputShapes = try node.inputs.map { name -> [Int] in
                guard let shape = shapes[name] else { throw FormatError.undefinedReference(node: node.name, name: name) }
                return shape
            }
            let output = try outputShape(of: node, inputShapes: inputShapes)
            for name in node.outputs { shapes[name] = output }
        }
        return shapes
    }

    /// The output shape of one node given its input shapes.
    /// - Throws: `FormatError.shapeMismatch` when the inputs do not fit the op, or when a size
    ///   overflows or exceeds `windowLimit` (hostile files throw; they never trap).
    public func outputShape(of node: Node, inputShapes: [[Int]]) throws -> [Int] {
        func fail(_ reason: String) -> FormatError { .shapeMismatch(node: node.name, reason: reason) }
        func sum(_ terms: Int...) throws -> Int {
            try terms.reduce(0) { total, term in
                let (result, overflow) = total.addingReportingOverflow(term)
                guard !overflow else { throw fail("sizes \(terms) overflow") }
                return result
            }
        }
        func product(_ factors: some Sequence<Int>) throws -> Int {
            try factors.reduce(1) { total, factor in
                let (result, overflow) = total.multipliedReportingOverflow(by: factor)
                guard !overflow else { throw fail("sizes \(Array(factors)) overflow") }
                return result
            }
        }
        func single() throws -> [Int] {
            guard inputShapes.count == 1 else { throw fail("expects 1 input, has \(inputShapes.count)") }
            return inputShapes[0]
        }
        func image() throws -> [Int] {
            let shape = try single()
            guard shape.count == 4 else { throw fail("expects an NHWC input, got shape \(shape)") }
            return shape
        }
        func window(_ shape: [Int], kernel: (Int, Int), stride: (Int, Int), dilation: (Int, Int), padding: Padding) throws -> (Int, Int) {
            guard kernel.0 > 0, kernel.1 > 0, stride.0 > 0, stride.1 > 0, dilation.0 > 0, dilation.1 > 0 else {
                throw fail("kernel, stride and dilation must be positive")
            }
            guard [shape[1], shape[2], kernel.0, kernel.1, stride.0, stride.1, dilation.0, dilation.1].allSatisfy({ $0 <= Self.windowLimit }) else {
                throw fail("input size, kernel, stride or dilation exceeds \(Self.windowLimit)")
            }
            let pads = padding.resolved(inputHeight: shape[1], inputWidth: shape[2], kernelHeight: kernel.0, kernelWidth: kernel.1,
                                        strideHeight: stride.0, strideWidth: stride.1, dilationHeight: dilation.0, dilationWidth: dilation.1)
            guard pads.top >= 0, pads.left >= 0, pads.bottom >= 0, pads.right >= 0 else { throw fail("negative padding") }
            let spanHeight = (kernel.0 - 1) * dilation.0 + 1
            let spanWidth = (kernel.1 - 1) * dilation.1 + 1
            let paddedHeight = try sum(shape[1], pads.top, pads.bottom)
            let paddedWidth = try sum(shape[2], pads.left, pads.right)
            guard paddedHeight >= spanHeight, paddedWidth >= spanWidth else {
                throw fail("window \(spanHeight)×\(spanWidth) is larger than the padded input \(paddedHeight)×\(paddedWidth)")
            }
            return ((paddedHeight - spanHeight) / stride.0 + 1, (paddedWidth - spanWidth) / stride.1 + 1)
        }
        func perChannel(_ role: String, count: Int) throws {
            guard let tensor = try weight(role, of: node) else { return }
            guard tensor.shape == [count] else { throw fail("\(role) '\(tensor.name)' has shape \(tensor.shape), expected [\(count)]") }
        }

        switch node.op {
        case let .conv2d(attributes):
            let shape = try image()
            guard let kernel = try weight("kernel", of: node) else { throw fail("has no kernel") }
            let k = kernel.shape
            guard k.count == 4 else { throw fail("kernel '\(kernel.name)' has shape \(k), expected [kh, kw, cin/groups, cout]") }
            let groups = attributes.groups
            guard groups > 0, try product([k[2], groups]) == shape[3], k[3] % groups == 0 else {
                throw fail("kernel \(k) with \(groups) group(s) does not fit \(shape[3]) input channels")
            }
            try perChannel("bias", count: k[3])
            let (height, width) = try window(shape, kernel: (k[0], k[1]), stride: (attributes.strideHeight, attributes.strideWidth),
                                             dilation: (attributes.dilationHeight, attributes.dilationWidth), padding: attributes.padding)
            return [shape[0], height, width, k[3]]
        case .batchNorm:
            let shape = try single()
            guard let channels = shape.last else { throw fail("cannot normalise a scalar") }
            guard try weight("mean", of: node) != nil, try weight("variance", of: node) != nil else { throw fail("needs mean and variance") }
            for role in ["gamma", "beta", "mean", "variance"] { try perChannel(role, count: channels) }
            return shape
        case .dense:
            let shape = try single()
            guard let kernel = try weight("kernel", of: node) else { throw fail("has no kernel") }
            guard kernel.shape.count == 2, shape.count >= 2, shape.last == kernel.shape[0] else {
                throw fail("kernel \(kernel.shape) does not fit input \(shape)")
            }
            try perChannel("bias", count: kernel.shape[1])
            return shape.dropLast() + [kernel.shape[1]]
        case .activation, .rescale, .softmax, .identity:
            return try single()
        case .add, .mul:
            guard inputShapes.count == 2 else { throw fail("expects 2 inputs, has \(inputShapes.count)") }
            guard let shape = Self.broadcast(inputShapes[0], inputShapes[1]) else {
                throw fail("shapes \(inputShapes[0]) and \(inputShapes[1]) do not broadcast")
            }
            return shape
        case let .globalAvgPool(keepDims):
            let shape = try image()
            return keepDims ? [shape[0], 1, 1, shape[3]] : [shape[0], shape[3]]
        case let .avgPool(attributes), let .maxPool(attributes):
            let shape = try image()
            let (height, width) = try window(shape, kernel: (attributes.kernelHeight, attributes.kernelWidth),
                                             stride: (attributes.strideHeight, attributes.strideWidth), dilation: (1, 1),
                                             padding: attributes.padding)
            return [shape[0], height, width, shape[3]]
        case let .reshape(target):
            let shape = try single()
            guard let batch = shape.first else { throw fail("cannot reshape a scalar") }
            let count = try product(shape.dropFirst())
            let unknown = target.filter { $0 == -1 }.count
            guard unknown <= 1, target.allSatisfy({ $0 == -1 || $0 > 0 }) else { throw fail("invalid target shape \(target)") }
            let known = try product(target.filter { $0 != -1 })
            if unknown == 1 {
                guard known > 0, count % known == 0 else { throw fail("cannot reshape \(shape) to \(target)") }
                return [batch] + target.map { $0 == -1 ? count / known : $0 }
            }
            guard known == count else { throw fail("cannot reshape \(shape) to \(target)") }
            return [batch] + target
        case .flatten:
            let shape = try single()
            guard let batch = shape.first else { throw fail("cannot flatten a scalar") }
            return [batch, try product(shape.dropFirst())]
        case let .pad(top, left, bottom, right, _):
            let shape = try image()
            guard top >= 0, left >= 0, bottom >= 0, right >= 0 else { throw fail("negative padding") }
            return [shape[0], try sum(shape[1], top, bottom), try sum(shape[2], left, right), shape[3]]
        }
    }

    /// Largest input size, kernel, stride or dilation of a window op that shape inference accepts
    /// (2^30): far beyond any real model, and small enough that no window arithmetic overflows.
    public static let windowLimit = 1 << 30

    /// NumPy broadcasting of two shapes, or `nil` when they are incompatible.
    public static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let paddedA = [Int](repeating: 1, count: rank - a.count) + a
        let paddedB = [Int](repeating: 1, count: rank - b.count) + b
        var result: [Int] = []
        for (x, y) in zip(paddedA, paddedB) {
            if x == y || y == 1 { result.append(x) } else if x == 1 { result.append(y) } else { return nil }
        }
        return result
    }
}
