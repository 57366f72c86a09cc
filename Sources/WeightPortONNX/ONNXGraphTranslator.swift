import COnnxProto
import WeightPortFormat

/// Translates one ONNX graph into canonical nodes and tensors: sorts the nodes, folds what is
/// known at import time (shape arithmetic, casts of weights, `Constant`s), maps each remaining
/// node onto the canonical op set, and transposes weights into the canonical layouts.
final class ONNXGraphTranslator {
    /// File name for error messages.
    let file: String
    /// The default-domain opset the nodes follow.
    let opset: Int
    let reader: ONNXTensorReader

    private(set) var inputs: [ValueInfo] = []
    private(set) var outputs: [ValueInfo] = []
    private(set) var nodes: [Node] = []
    private(set) var tensors: [Tensor] = []

    /// Every ONNX value defined so far: an activation or a constant.
    var values: [String: GraphValue] = [:]
    private var nodeNames: Set<String> = []
    private var storedTensors: [String: String] = [:]
    private var tensorNames: Set<String> = []

    /// Largest size of one axis, stride, dilation, pad or kernel the importer accepts (2^20), and
    /// largest element count of one sample of an activation (2^40): bounds that keep every shape
    /// computation here and in the runtime free of overflow, far above any real model.
    static let maximumExtent = 1 << 20
    static let maximumSampleElements = 1 << 40
    /// Largest constant folding may materialise (`Expand`), in elements.
    static let maximumFoldedElements = 1 << 24

    enum GraphValue {
        case activation(ActivationValue)
        case constant(ONNXConstant)
    }

    init(file: String, opset: Int, reader: ONNXTensorReader) {
        self.file = file
        self.opset = opset
        self.reader = reader
    }

    /// Translates `graph`: initializers, inputs, nodes in dependency order, outputs.
    /// - Throws: `ONNXImportError` naming the first node, tensor or value that cannot be translated.
    func translate(_ graph: Onnx__GraphProto) throws {
        for proto in ONNXModelFile.elements(graph.initializer, graph.n_initializer) {
            let constant = try reader.read(proto, fallbackName: "initializer")
            switch constant {
            case let .floats(value): values[value.name] = .constant(constant)
            case .ints: values[ONNXModelFile.string(proto.pointee.name)] = .constant(constant)
            }
        }
        let nodes = ONNXModelFile.elements(graph.node, graph.n_node).map(ONNXNode.init)
        try declareInputs(ONNXModelFile.elements(graph.input, graph.n_input), nodes: nodes)
        for node in try sorted(nodes) {
            try translate(node)
        }
        try declareOutputs(ONNXModelFile.elements(graph.output, graph.n_output))
    }

    // MARK: Graph inputs and outputs

    /// Graph inputs that are not initializers become model inputs. A 4-D input is NCHW unless all
    /// its uses transpose it from NHWC (tf2onnx), in which case it stays NHWC.
    private func declareInputs(_ protos: [UnsafeMutablePointer<Onnx__ValueInfoProto>], nodes: [ONNXNode]) throws {
        for proto in protos {
            let name = ONNXModelFile.string(proto.pointee.name)
            guard values[name] == nil else { continue }  // an initializer listed as an input: a weight
            guard let type = proto.pointee.type, type.pointee.value_case == ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE,
                  let tensorType = type.pointee.tensor_type else {
                throw ONNXImportError.unsupportedValue(file: file, value: name, reason: "is not a tensor")
            }
            guard tensorType.pointee.has_elem_type != 0, tensorType.pointee.elem_type == 1 else {
                throw ONNXImportError.unsupportedValue(file: file, value: name, reason: "element type \(tensorType.pointee.elem_type) is not float32")
            }
            guard let shapeProto = tensorType.pointee.shape else {
                throw ONNXImportError.unsupportedValue(file: file, value: name, reason: "has no declared shape")
            }
            let shape = ONNXModelFile.elements(shapeProto.pointee.dim, shapeProto.pointee.n_dim).map { dimension -> Int in
                if dimension.pointee.value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE, dimension.pointee.dim_value > 0 {
                    return Int(dimension.pointee.dim_value)
                }
                return -1
            }
            guard shape.count >= 2 else {
                throw ONNXImportError.unsupportedValue(file: file, value: name, reason: "rank \(shape.count) input; expected a batch axis and at least one more")
            }
            let layout: SourceLayout
            let order: [Int]
            if shape.count == 4 {
                let fromNHWC = Self.feedsOnlyChannelsFirstTransposes(name, nodes: nodes)
                layout = fromNHWC ? .nhwc : .nchw
                order = fromNHWC ? [0, 1, 2, 3] : ActivationValue.channelsFirst
            } else {
                layout = .plain
                order = Array(0..<shape.count)
            }
            guard shape.dropFirst().allSatisfy({ $0 > 0 }) else {
                throw ONNXImportError.unsupportedValue(file: file, value: name, reason: "shape \(shape) has a dynamic dimension other than the batch")
            }
            guard shape.allSatisfy({ $0 <= Self.maximumExtent }), Self.sampleElements(shape) != nil else {
                throw ONNXImportError.unsupportedValue(file: file, value: name, reason: "shape \(shape) is too large")
            }
            let value = ActivationValue(name: name, shape: shape, order: order)
            values[name] = .activation(value)
            inputs.append(ValueInfo(name: name, shape: value.canonicalShape, dtype: .float32, sourceLayout: layout))
        }
    }

    /// Whether every path from `name` reaches an NHWC→NCHW `Transpose` (perm `[0, 3, 1, 2]`)
    /// through element-wise ops only (tf2onnx applies Keras' `Rescaling` before its transpose):
    /// then `name` is an NHWC input. A path that ends elsewhere, or meets any other op, says no.
    static func feedsOnlyChannelsFirstTransposes(_ name: String, nodes: [ONNXNode]) -> Bool {
        let elementWise: Set<String> = ["Mul", "Add", "Sub", "Div", "Cast", "Identity"]
        var pending = [name]
        var seen = Set<String>()
        while let value = pending.popLast() {
            guard seen.insert(value).inserted else { continue }
            let consumers = nodes.filter { $0.inputs.contains(value) }
            guard !consumers.isEmpty else { return false }
            for consumer in consumers {
                if consumer.opType == "Transpose", case let .ints(perm)? = consumer.attributes["perm"], perm == [0, 3, 1, 2] { continue }
                guard elementWise.contains(consumer.opType) else { return false }
                pending.append(contentsOf: consumer.outputs)
            }
        }
        return true
    }

    /// Graph outputs become model outputs; one reached through a layout-only `Transpose` gets an
    /// `identity` node so that it keeps its ONNX name.
    private func declareOutputs(_ protos: [UnsafeMutablePointer<Onnx__ValueInfoProto>]) throws {
        for proto in protos {
            let name = ONNXModelFile.string(proto.pointee.name)
            guard let value = values[name] else {
                throw ONNXImportError.unsupportedValue(file: file, value: name, reason: "no node produces this graph output")
            }
            guard case var .activation(activation) = value else {
                throw ONNXImportError.unsupportedValue(file: file, value: name, reason: "is a constant; the canonical model has no constant outputs")
            }
            let layout: SourceLayout
            if activation.order == Array(0..<activation.shape.count) {
                layout = activation.shape.count == 4 ? .nhwc : .plain
            } else if activation.order == ActivationValue.channelsFirst {
                layout = .nchw
            } else {
                throw ONNXImportError.unsupportedValue(file: file, value: name, reason: "its axes are permuted in a way no source layout describes")
            }
            if activation.name != name {
                let node = Node(name: uniqueNodeName(name), op: .identity, inputs: [activation.name], outputs: [name])
                nodes.append(node)
                activation.name = name
                values[name] = .activation(activation)
            }
            outputs.append(ValueInfo(name: name, shape: activation.canonicalShape, dtype: .float32, sourceLayout: layout))
        }
    }

    // MARK: Order

    /// The nodes in dependency order (Kahn). ONNX requires sorted graphs; this also accepts
    /// unsorted ones and reports a cycle by the nodes on it.
    private func sorted(_ nodes: [ONNXNode]) throws -> [ONNXNode] {
        var producer: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.outputs where !output.isEmpty { producer[output] = index }
        }
        var waiting = [Int](repeating: 0, count: nodes.count)
        var consumers = [[Int]](repeating: [], count: nodes.count)
        for (index, node) in nodes.enumerated() {
            let dependencies = Set(node.inputs.compactMap { producer[$0] })
            waiting[index] = dependencies.count
            for dependency in dependencies { consumers[dependency].append(index) }
        }
        var ready = (0..<nodes.count).filter { waiting[$0] == 0 }.reversed() as [Int]
        var order: [Int] = []
        while let index = ready.popLast() {
            order.append(index)
            for consumer in consumers[index].reversed() {
                waiting[consumer] -= 1
                if waiting[consumer] == 0 { ready.append(consumer) }
            }
        }
        guard order.count == nodes.count else {
            // Nodes left waiting are on a cycle or downstream of one; peel off the downstream ones
            // (those none of the remaining nodes read) to name only the cycle.
            var stuck = Set((0..<nodes.count).filter { waiting[$0] > 0 })
            while let sink = stuck.first(where: { consumers[$0].allSatisfy { !stuck.contains($0) } }) { stuck.remove(sink) }
            throw ONNXImportError.cycle(file: file, nodes: stuck.sorted().map { nodes[$0].name })
        }
        return order.map { nodes[$0] }
    }

    // MARK: Dispatch

    private func translate(_ node: ONNXNode) throws {
        guard node.domain.isEmpty || node.domain == "ai.onnx" else {
            throw ONNXImportError.unsupportedOperator(file: file, node: node.name, opType: "\(node.domain).\(node.opType)")
        }
        switch node.opType {
        case "Conv": try convolution(node)
        case "BatchNormalization": try batchNormalization(node)
        case "Gemm": try gemm(node)
        case "MatMul": try matMul(node)
        case "GlobalAveragePool": try globalAveragePool(node)
        case "ReduceMean": try reduceMean(node)
        case "AveragePool", "MaxPool": try pool(node)
        case "Relu": try unary(node, .activation(.relu))
        case "Sigmoid": try unary(node, .activation(.sigmoid))
        case "HardSwish": try unary(node, .activation(.hardSwish))
        case "HardSigmoid":
            try unary(node, .activation(.hardSigmoid(alpha: try float(node, "alpha", default: 0.2), beta: try float(node, "beta", default: 0.5))))
        case "Clip": try clip(node)
        case "Softmax": try softmax(node)
        case "Dropout", "Identity": try identity(node)
        case "Add", "Mul", "Sub", "Div": try binary(node)
        case "Pad": try pad(node)
        case "Flatten": try flatten(node)
        case "Reshape": try reshape(node)
        case "Squeeze", "Unsqueeze": try squeezeOrUnsqueeze(node)
        case "Transpose": try transpose(node)
        case "Constant": try constantNode(node)
        case "Shape": try shape(node)
        case "Gather": try gather(node)
        case "Concat": try concat(node)
        case "Cast", "CastLike": try cast(node)
        case "Expand": try expand(node)
        default:
            throw ONNXImportError.unsupportedOperator(file: file, node: node.name, opType: node.opType)
        }
    }

    // MARK: Operands

    func fail(_ node: ONNXNode, _ reason: String) -> ONNXImportError {
        .unsupportedNode(file: file, node: node.name, opType: node.opType, reason: reason)
    }

    /// The value read as input `index`, or `nil` when the input is omitted.
    func value(_ node: ONNXNode, _ index: Int) throws -> GraphValue? {
        guard let name = node.input(index) else { return nil }
        guard let value = values[name] else { throw ONNXImportError.undefinedValue(file: file, node: node.name, value: name) }
        return value
    }

    /// Input `index`, which must be an activation.
    func activation(_ node: ONNXNode, _ index: Int) throws -> ActivationValue {
        guard let value = try value(node, index) else { throw fail(node, "input \(index) is missing") }
        guard case let .activation(activation) = value else { throw fail(node, "input \(index) is a constant; expected an activation") }
        return activation
    }

    /// Input `index`, which must be a floating-point constant (a weight).
    func floatConstant(_ node: ONNXNode, _ index: Int) throws -> FloatConstant? {
        guard let value = try value(node, index) else { return nil }
        guard case let .constant(.floats(constant)) = value else { throw fail(node, "input \(index) must be a floating-point constant (a weight)") }
        return constant
    }

    /// Input `index`, which must be an integer constant with no symbolic batch in it.
    func staticInts(_ node: ONNXNode, _ index: Int) throws -> [Int]? {
        guard let value = try value(node, index) else { return nil }
        guard case let .constant(.ints(constant)) = value, let values = constant.staticValues else {
            throw fail(node, "input \(index) must be a constant integer tensor")
        }
        return values
    }

    /// A float scalar from input `index` (a constant with one element), or `nil` when omitted.
    func scalar(_ node: ONNXNode, _ index: Int) throws -> Float? {
        guard let constant = try floatConstant(node, index) else { return nil }
        guard constant.elementCount == 1 else { throw fail(node, "input \(index) must be a scalar, has shape \(constant.dims)") }
        return constant.floats()[0]
    }

    func int(_ node: ONNXNode, _ name: String, default value: Int) throws -> Int {
        switch node.attributes[name] {
        case nil: return value
        case let .int(number)?: return number
        default: throw fail(node, "attribute '\(name)' must be an integer")
        }
    }

    func float(_ node: ONNXNode, _ name: String, default value: Float) throws -> Float {
        switch node.attributes[name] {
        case nil: return value
        case let .float(number)?: return number
        default: throw fail(node, "attribute '\(name)' must be a float")
        }
    }

    func ints(_ node: ONNXNode, _ name: String) throws -> [Int]? {
        switch node.attributes[name] {
        case nil: return nil
        case let .ints(numbers)?: return numbers
        default: throw fail(node, "attribute '\(name)' must be a list of integers")
        }
    }

    func string(_ node: ONNXNode, _ name: String, default value: String) throws -> String {
        switch node.attributes[name] {
        case nil: return value
        case let .string(text)?: return text
        default: throw fail(node, "attribute '\(name)' must be a string")
        }
    }

    /// The first output's name.
    func output(_ node: ONNXNode) throws -> String {
        guard let name = node.outputs.first, !name.isEmpty else { throw fail(node, "has no output") }
        return name
    }

    // MARK: Emitting

    /// Appends a canonical node computing `op` on `inputs` and records its output activation.
    func emit(_ node: ONNXNode, _ op: Op, inputs: [ActivationValue], shape: [Int], order: [Int], weights: [String: String] = [:]) throws {
        let output = try output(node)
        guard Self.sampleElements(shape) != nil else { throw fail(node, "result shape \(shape) is too large") }
        nodes.append(Node(name: uniqueNodeName(node.name), op: op, inputs: inputs.map(\.name), outputs: [output], weights: weights))
        values[output] = .activation(ActivationValue(name: output, shape: shape, order: order))
    }

    /// Records a value computed at import time.
    func define(_ node: ONNXNode, _ constant: ONNXConstant) throws {
        values[try output(node)] = .constant(constant)
    }

    /// Stores `constant` as a tensor with `layout` and returns its name. The same constant stored
    /// twice in the same layout is stored once; names stay unique.
    func store(_ constant: FloatConstant, layout: TensorLayout) throws -> String {
        let key = "\(constant.name)\u{0}\(layout.rawValue)\u{0}\(constant.dims)"
        if let name = storedTensors[key] { return name }
        var name = constant.name
        var suffix = 2
        while tensorNames.contains(name) {
            name = "\(constant.name)#\(suffix)"
            suffix += 1
        }
        do {
            tensors.append(try Tensor(name: name, dtype: constant.dtype, shape: constant.dims, layout: layout, storage: constant.storage))
        } catch let error as FormatError {
            throw ONNXImportError.invalidCanonicalModel(file: file, reason: error.description)
        }
        tensorNames.insert(name)
        storedTensors[key] = name
        return name
    }

    /// Elements of one sample of an activation of ONNX `shape` (axis 0 is the batch; unknown sizes
    /// count as 1), or `nil` when the product overflows or exceeds `maximumSampleElements`.
    static func sampleElements(_ shape: [Int]) -> Int? {
        var count = 1
        for size in shape.dropFirst() where size > 0 {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= maximumSampleElements else { return nil }
            count = product
        }
        return count
    }

    private func uniqueNodeName(_ base: String) -> String {
        var name = base
        var suffix = 2
        while nodeNames.contains(name) {
            name = "\(base)#\(suffix)"
            suffix += 1
        }
        nodeNames.insert(name)
        return name
    }
}
