import WeightPortFormat

/// A model lowered for execution, independent of input shapes: weights widened to float32 and
/// packed, each batch norm folded into the convolution or dense layer before it when that
/// layer's output feeds only the batch norm, and each activation attached to the layer before
/// it (convolution, dense, lone batch norm, rescale, add, mul) when it is that layer's only
/// reader — or, for `mul(v, hardSigmoid(v))` and `mul(v, sigmoid(v))` (hard swish and swish as
/// ONNX exports spell them), when the gate and the mul are `v`'s only readers. A value that is
/// a model output is never absorbed.
struct FusedGraph: Sendable {
    /// Layers in execution order.
    var layers: [FusedLayer]

    /// Lowers `model`. O(weights).
    /// - Throws: `RuntimeError.invalidModel` for a graph that fails `Model.validate()` or has a
    ///   node with the wrong number of inputs or outputs; the weight and attribute errors of
    ///   `PreparedConvolution` and `BatchNormParameters`.
    init(model: Model) throws {
        do {
            try model.validate()
        } catch {
            throw RuntimeError.invalidModel(reason: "\(error)")
        }
        let nodes = model.nodes
        var readers: [String: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            guard node.outputs.count == 1 else {
                throw RuntimeError.invalidModel(reason: "node '\(node.name)' has \(node.outputs.count) outputs, expected 1")
            }
            let expected: Int
            switch node.op {
            case .add, .mul: expected = 2
            default: expected = 1
            }
            guard node.inputs.count == expected else {
                throw RuntimeError.invalidModel(reason: "node '\(node.name)' has \(node.inputs.count) inputs, expected \(expected)")
            }
            for input in Set(node.inputs) { readers[input, default: []].append(index) }
        }
        let modelOutputs = Set(model.outputs.map(\.name))
        var absorbed = [Bool](repeating: false, count: nodes.count)
        var placed: [(position: Int, layer: FusedLayer)] = []

        for (index, node) in nodes.enumerated() where !absorbed[index] {
            var chain = [index]
            /// Absorbs the only reader of the chain's current output when `accepts` its op.
            func absorbReader(_ accepts: (Op) -> Bool) -> Node? {
                let value = nodes[chain[chain.count - 1]].outputs[0]
                guard !modelOutputs.contains(value), let list = readers[value], list.count == 1,
                      !absorbed[list[0]], accepts(nodes[list[0]].op) else { return nil }
                absorbed[list[0]] = true
                chain.append(list[0])
                return nodes[list[0]]
            }
            func absorbActivation() -> FusedActivation {
                if let next = absorbReader({ if case .activation = $0 { true } else { false } }),
                   case let .activation(activation) = next.op {
                    return FusedActivation(activation)
                }
                return absorbGate() ?? .none
            }
            /// Absorbs `mul(v, gate(v))` (either operand order) for the chain's output `v` read by
            /// exactly that gate and that mul: hard swish and swish as ONNX exports spell them.
            func absorbGate() -> FusedActivation? {
                let value = nodes[chain[chain.count - 1]].outputs[0]
                guard !modelOutputs.contains(value), let list = readers[value], list.count == 2 else { return nil }
                let (gateIndex, mulIndex) = nodes[list[0]].op == .mul ? (list[1], list[0]) : (list[0], list[1])
                let gate = nodes[gateIndex], mul = nodes[mulIndex]
                guard case let .activation(curve) = gate.op, mul.op == .mul, let gated = FusedActivation(gatedBy: curve),
                      Set(mul.inputs) == [value, gate.outputs[0]], !modelOutputs.contains(gate.outputs[0]),
                      readers[gate.outputs[0]] == [mulIndex], !absorbed[gateIndex], !absorbed[mulIndex] else { return nil }
                absorbed[gateIndex] = true
                absorbed[mulIndex] = true
                chain += [gateIndex, mulIndex]
                return gated
            }
            func absorbBatchNorm() throws -> (BatchNormParameters, String)? {
                guard let next = absorbReader({ if case .batchNorm = $0 { true } else { false } }),
                      case let .batchNorm(epsilon) = next.op else { return nil }
                return (try BatchNormParameters(node: next, epsilon: epsilon, model: model), next.name)
            }

            let operation: FusedLayer.Operation
            switch node.op {
            case let .conv2d(attributes):
                let batchNorm = try absorbBatchNorm()
                let convolution = try PreparedConvolution.convolution(
                    node: node, attributes: attributes, batchNorm: batchNorm?.0, batchNormNode: batchNorm?.1,
                    activation: absorbActivation(), model: model)
                operation = .convolution(convolution, isDense: false)
            case .dense:
                let batchNorm = try absorbBatchNorm()
                let dense = try PreparedConvolution.dense(node: node, batchNorm: batchNorm?.0, batchNormNode: batchNorm?.1,
                                                          activation: absorbActivation(), model: model)
                operation = .convolution(dense, isDense: true)
            case let .batchNorm(epsilon):
                let parameters = try BatchNormParameters(node: node, epsilon: epsilon, model: model)
                let affine = FusedLayer.MapAffine.perChannel(scale: FloatBuffer(parameters.scale), shift: FloatBuffer(parameters.shift))
                operation = .channelMap(affine, absorbActivation())
            case let .rescale(scale, offset):
                operation = .channelMap(.uniform(scale: scale, offset: offset), absorbActivation())
            case let .activation(activation):
                operation = .channelMap(.none, FusedActivation(activation))
            case .add:
                operation = .binary(.add, absorbActivation())
            case .mul:
                operation = .binary(.multiply, absorbActivation())
            case .globalAvgPool:
                operation = .globalAveragePool
            case let .avgPool(attributes):
                operation = .averagePool(attributes)
            case let .maxPool(attributes):
                operation = .maxPool(attributes)
            case let .pad(top, left, bottom, right, value):
                operation = .pad(top: top, left: left, bottom: bottom, right: right, value: value)
            case .softmax:
                operation = .softmax
            case .reshape, .flatten, .identity:
                operation = .alias
            }
            let last = nodes[chain[chain.count - 1]]
            placed.append((chain[chain.count - 1], FusedLayer(nodes: chain.map { nodes[$0].name }, operation: operation,
                                                              inputs: node.inputs, output: last.outputs[0])))
        }
        layers = placed.sorted { $0.position < $1.position }.map(\.layer)
    }
}
