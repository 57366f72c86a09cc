/// The structure and cost of a canonical model, layer by layer: what `weightport inspect` shows.
///
/// One `LayerSummary` per node, in execution order, with its output shape, the stored weight
/// elements it references and its multiply-accumulates for one sample; totals, a breakdown per
/// `LayerKind`, and every depthwise-separable pair with its cost against the standard convolution
/// it replaces. The counting rules are in `countingRules`; in short:
///
/// - **params**: every element of every stored tensor a node references (kernel, bias, batch-norm
///   gamma, beta, mean *and* variance), like Keras' `count_params()`; a tensor shared by several
///   nodes counts once, at its first user. Batch-norm mean and variance are also reported apart
///   (`CostTotals.nonTrainableParams`), since papers leave them out.
/// - **MACs**: convolution `H_out·W_out·C_out·kh·kw·C_in/groups`; dense `in·out` per position;
///   every other op 0 (bias additions, batch norm, activations and pooling are not counted).
///   Counted for batch 1, whatever batch size the input shapes give.
///
/// Renderings: `text(file:)`, `report(file:tensors:)` (JSON), `dot()`. Building a summary is
/// O(nodes + tensors) and reads no tensor data.
public struct ModelSummary: Sendable {
    /// The model's name.
    public var modelName: String
    /// The model's declared inputs (canonical shapes, `-1` for any size).
    public var inputs: [ValueInfo]
    /// The model's declared outputs.
    public var outputs: [ValueInfo]
    /// Where the model came from.
    public var provenance: Provenance
    /// Whether the model carries embedded reference vectors.
    public var hasReferenceVectors: Bool
    /// The concrete shape every model input and output takes in this summary (batch 1), by name.
    public var valueShapes: [String: [Int]]
    /// One row per node, in execution order.
    public var layers: [LayerSummary]
    /// Sums over all layers.
    public var totals: CostTotals
    /// Sums per layer kind; every kind is present, with zeros when the model has none of it.
    public var breakdown: [LayerKind: CostTotals]
    /// Depthwise-separable pairs, in the order of their depthwise convolutions.
    public var separablePairs: [SeparablePair]

    /// Summarises `model` for one sample.
    ///
    /// - Parameters:
    ///   - model: A model that passes `Model.validate()`.
    ///   - inputShapes: Canonical (NHWC) shape per input name; an input not given takes its
    ///     declared shape. The batch dimension is always taken as 1: counts are per sample.
    /// - Throws: `FormatError.invalidModel` when an input not given has an unknown dimension other
    ///   than the batch, or a count overflows `Int`; `FormatError.shapeMismatch` or
    ///   `.undefinedReference` from shape inference, naming the node.
    public init(model: Model, inputShapes: [String: [Int]] = [:]) throws {
        var shapes: [String: [Int]] = [:]
        for input in model.inputs {
            var shape = inputShapes[input.name] ?? input.shape
            if !shape.isEmpty { shape[0] = 1 }
            guard shape.allSatisfy({ $0 > 0 }) else {
                throw FormatError.invalidModel(reason: "input '\(input.name)' has shape \(input.shape): give its size to summarise the model")
            }
            shapes[input.name] = shape
        }

        var layers: [LayerSummary] = []
        layers.reserveCapacity(model.nodes.count)
        var counted = Set<String>()
        var totals = CostTotals()
        var breakdown = Dictionary(uniqueKeysWithValues: LayerKind.allCases.map { ($0, CostTotals()) })
        for node in model.nodes {
            let nodeInputShapes = try node.inputs.map { name -> [Int] in
                guard let shape = shapes[name] else { throw FormatError.undefinedReference(node: node.name, name: name) }
                return shape
            }
            let outputShape = try model.outputShape(of: node, inputShapes: nodeInputShapes)
            for name in node.outputs { shapes[name] = outputShape }
            let layer = try Self.layer(node, in: model, inputShapes: nodeInputShapes, outputShape: outputShape, counted: &counted)
            try totals.add(layer)
            try breakdown[layer.kind, default: CostTotals()].add(layer)
            layers.append(layer)
        }

        modelName = model.name
        self.inputs = model.inputs
        outputs = model.outputs
        provenance = model.provenance
        hasReferenceVectors = model.reference != nil
        valueShapes = shapes.filter { name, _ in
            model.inputs.contains { $0.name == name } || model.outputs.contains { $0.name == name }
        }
        self.layers = layers
        self.totals = totals
        self.breakdown = breakdown
        separablePairs = try Self.separablePairs(model: model, layers: layers, shapes: shapes)
    }

    /// The row of one node, counting each tensor in `counted` once.
    private static func layer(_ node: Node, in model: Model, inputShapes: [[Int]], outputShape: [Int],
                              counted: inout Set<String>) throws -> LayerSummary {
        var params = 0
        var nonTrainable = 0
        for (role, tensorName) in node.weights.sorted(by: { $0.key < $1.key }) where counted.insert(tensorName).inserted {
            guard let tensor = model.tensor(named: tensorName) else { throw FormatError.undefinedReference(node: node.name, name: tensorName) }
            params += tensor.elementCount
            if case .batchNorm = node.op, role == "mean" || role == "variance" { nonTrainable += tensor.elementCount }
        }

        var macs = 0
        var kind = LayerKind.other
        switch node.op {
        case let .conv2d(attributes):
            if let kernel = try model.weight("kernel", of: node)?.shape, kernel.count == 4, outputShape.count == 4,
               let inputChannels = inputShapes.first?.last {
                kind = .convolution(kernelHeight: kernel[0], kernelWidth: kernel[1], groups: attributes.groups, inputChannels: inputChannels)
                // H_out·W_out·C_out·kh·kw·(C_in/groups); kernel[2] is C_in/groups, batch is 1.
                macs = try product([outputShape[1], outputShape[2], outputShape[3], kernel[0], kernel[1], kernel[2]], node: node.name)
            }
        case .dense:
            if let kernel = try model.weight("kernel", of: node)?.shape, kernel.count == 2 {
                kind = .dense
                // in·out for every position of the input (one for a [1, in] input).
                let positions = inputShapes.first.map { Array($0.dropLast()) } ?? []
                macs = try product(positions + [kernel[0], kernel[1]], node: node.name)
            }
        default:
            break
        }
        return LayerSummary(name: node.name, op: node.op.canonicalName,
                            description: try description(of: node, in: model, inputShapes: inputShapes, kind: kind),
                            outputShape: outputShape, params: params, nonTrainableParams: nonTrainable, macs: macs, kind: kind,
                            inputs: node.inputs, outputs: node.outputs)
    }

    /// The product of `factors`, or a thrown `FormatError.invalidModel` naming `node` on overflow.
    static func product(_ factors: [Int], node: String) throws -> Int {
        try factors.reduce(1) { total, factor in
            let (result, overflow) = total.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw FormatError.invalidModel(reason: "node '\(node)': MAC count overflows") }
            return result
        }
    }
}
