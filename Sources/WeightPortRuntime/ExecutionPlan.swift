import WeightPortFormat

/// A fused graph bound to one set of input shapes: every value's shape (from
/// `Model.inferShapes`), one arena holding all values and per-task scratch, and the kernel steps
/// with their pointers resolved. Built once per input shape and cached by the session;
/// `execute()` allocates nothing.
final class ExecutionPlan: @unchecked Sendable {
    /// A model input or output: where it lives in the arena and its canonical shape.
    struct Edge {
        let info: ValueInfo
        let pointer: UnsafeMutablePointer<Float>
        let shape: [Int]
    }

    let inputs: [Edge]
    let outputs: [Edge]
    let steps: [PlanStep]
    /// For each step, the name of the first canonical node it computes.
    let stepNames: [String]
    private let arena: FloatBuffer
    private let graph: FusedGraph

    /// Plans `graph` for `inputShapes` (canonical NHWC, by input name). O(layers) plus the arena
    /// allocation.
    /// - Throws: `RuntimeError.unsupportedInputSize` when the graph cannot take these shapes or
    ///   a value would not fit in memory.
    init(graph: FusedGraph, model: Model, inputShapes: [String: [Int]], threads: Int, fusesEveryDepthwiseBlock: Bool) throws {
        let shapes: [String: [Int]]
        do {
            shapes = try model.inferShapes(inputShapes: inputShapes)
        } catch {
            throw RuntimeError.unsupportedInputSize(inputs: inputShapes, reason: "\(error)")
        }
        for (value, shape) in shapes {
            guard Tensor.byteCount(dtype: .float32, shape: shape).map({ $0 <= Int.max / 4 }) == true else {
                throw RuntimeError.unsupportedInputSize(inputs: inputShapes, reason: "value '\(value)' of shape \(shape) is too large")
            }
        }
        func shape(_ value: String) -> [Int] {
            guard let shape = shapes[value] else { preconditionFailure("no inferred shape for '\(value)'") }
            return shape
        }
        func count(_ value: String) -> Int { shape(value).reduce(1, *) }

        // Liveness and regions.
        let kept = Set(model.outputs.map(\.name))
        let layers = Self.fuseDepthwiseBlocks(Self.fuseResidualAdds(graph.layers, shapes: shapes, kept: kept), shapes: shapes, kept: kept,
                                              everySize: fusesEveryDepthwiseBlock)
        var lastUse: [String: Int] = [:]
        for (index, layer) in layers.enumerated() {
            for input in layer.inputs { lastUse[input] = index }
        }
        var layout = ArenaLayout()
        for input in model.inputs { layout.allocate(input.name, count: count(input.name)) }
        /// Floats of scratch the hungriest kernel needs (per-task scratch times the threads).
        var scratchSize = 0
        for (index, layer) in layers.enumerated() {
            func dying(_ value: String) -> Bool {
                lastUse[value] == index && !kept.contains(value) && layout.isSoleResident(value)
            }
            let size = count(layer.output)
            switch layer.operation {
            case .alias:
                layout.alias(layer.output, to: layer.inputs[0])
            case .channelMap, .softmax, .binary:
                if let donor = layer.inputs.first(where: { count($0) == size && dying($0) }) {
                    layout.takeOver(layer.output, from: donor)
                } else {
                    layout.allocate(layer.output, count: size)
                }
            case let .convolution(convolution, isDense):
                if !isDense, !convolution.isDepthwise {
                    let geometry = Self.geometry(convolution, input: shape(layer.inputs[0]), output: shape(layer.output))
                    scratchSize = max(scratchSize, GEMMConvolution.scratchPerTask(geometry) * threads)
                }
                layout.allocate(layer.output, count: size)
            case let .depthwiseBlock(parts):
                let geometry = Self.geometry(parts.depthwise, input: shape(parts.depthwiseInput), output: shape(parts.depthwiseOutput))
                scratchSize = max(scratchSize, threads * DepthwiseBlock.scratchPerTask(depthwise: geometry, expands: parts.expand != nil,
                                                                                       projects: parts.project != nil))
                layout.allocate(layer.output, count: size)
            case .globalAveragePool, .averagePool, .maxPool, .pad:
                layout.allocate(layer.output, count: size)
            }
            for input in Set(layer.inputs) where lastUse[input] == index && !kept.contains(input) { layout.release(input) }
            if lastUse[layer.output] == nil, !kept.contains(layer.output) { layout.release(layer.output) }
        }
        let (offsets, valuesSize) = layout.offsets()
        arena = FloatBuffer(count: valuesSize + scratchSize)
        let base = arena.pointer
        func pointer(_ value: String) -> UnsafeMutablePointer<Float> {
            guard let region = layout.region[value] else { preconditionFailure("no region for '\(value)'") }
            return base + offsets[region]
        }
        let scratch = base + valuesSize

        // Steps.
        var steps: [PlanStep] = []
        var stepNames: [String] = []
        for layer in layers {
            defer { if steps.count > stepNames.count { stepNames.append(layer.nodes[0]) } }
            let input = UnsafePointer(pointer(layer.inputs[0])), output = pointer(layer.output)
            let inputShape = shape(layer.inputs[0]), outputShape = shape(layer.output)
            switch layer.operation {
            case let .convolution(convolution, isDense):
                let geometry = isDense
                    ? ConvolutionGeometry(batch: inputShape.dropLast().reduce(1, *), inputHeight: 1, inputWidth: 1,
                                          inputChannels: inputShape.last ?? 1, outputHeight: 1, outputWidth: 1,
                                          outputChannels: convolution.outputChannels, kernelHeight: 1, kernelWidth: 1,
                                          strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
                                          padTop: 0, padLeft: 0, groups: 1)
                    : Self.geometry(convolution, input: inputShape, output: outputShape)
                let residual = layer.inputs.count == 2 ? UnsafePointer(pointer(layer.inputs[1])) : nil
                if let depthwise = Self.depthwiseKernel(convolution, geometry: geometry, input: input, output: output, threads: threads) {
                    steps.append(.depthwiseConvolution(depthwise))
                } else if let gemm = Self.gemmKernel(convolution, geometry: geometry, input: input, output: output, residual: residual,
                                                     scratch: scratch, threads: threads) {
                    steps.append(.gemmConvolution(gemm))
                }
            case let .depthwiseBlock(parts):
                let residual = layer.inputs.count == 2 ? UnsafePointer(pointer(layer.inputs[1])) : nil
                /// The GEMM kernel of a pointwise part from value `from` to value `to`.
                func pointwise(_ convolution: PreparedConvolution?, from: String, to: String, residual: UnsafePointer<Float>?) -> GEMMConvolution? {
                    convolution.flatMap {
                        Self.gemmKernel($0, geometry: Self.geometry($0, input: shape(from), output: shape(to)), input: input, output: output,
                                        residual: residual, scratch: scratch, threads: threads)
                    }
                }
                let geometry = Self.geometry(parts.depthwise, input: shape(parts.depthwiseInput), output: shape(parts.depthwiseOutput))
                guard let depthwise = Self.depthwiseKernel(parts.depthwise, geometry: geometry, input: input, output: output,
                                                           threads: threads) else {
                    preconditionFailure("a depthwise block whose middle is not depthwise")
                }
                steps.append(.depthwiseBlock(DepthwiseBlock(
                    input: input, output: output,
                    expand: pointwise(parts.expand, from: layer.inputs[0], to: parts.depthwiseInput, residual: nil),
                    depthwise: depthwise,
                    project: pointwise(parts.project, from: parts.depthwiseOutput, to: layer.output, residual: residual),
                    scratch: scratch, threads: threads)))
            case let .channelMap(affine, activation):
                let channels = max(outputShape.last ?? 1, 1)
                let bound: ChannelMap.Affine
                switch affine {
                case .none: bound = .none
                case let .uniform(scale, offset): bound = .uniform(scale: scale, offset: offset)
                case let .perChannel(scale, shift):
                    bound = .perChannel(scale: UnsafePointer(scale.pointer), shift: UnsafePointer(shift.pointer))
                }
                steps.append(.channelMap(ChannelMap(input: input, output: output, count: count(layer.output),
                                                    channels: channels, affine: bound, activation: activation, threads: threads)))
            case let .binary(operation, activation):
                let other = UnsafePointer(pointer(layer.inputs[1]))
                let broadcast = BroadcastLayout(a: inputShape, b: shape(layer.inputs[1]), output: outputShape)
                steps.append(.binary(BinaryElementwise(a: input, b: other, output: output, layout: broadcast, operation: operation,
                                                       activation: activation, threads: threads)))
            case .globalAveragePool:
                steps.append(.globalAveragePooling(GlobalAveragePooling(
                    input: input, output: output, batch: inputShape[0], pixels: inputShape[1] * inputShape[2], channels: inputShape[3],
                    threads: threads)))
            case let .averagePool(attributes):
                steps.append(.pooling(Pooling(input: input, output: output,
                                              geometry: Self.geometry(attributes, input: inputShape, output: outputShape),
                                              kind: .average(countIncludesPadding: attributes.countIncludesPadding), threads: threads)))
            case let .maxPool(attributes):
                steps.append(.pooling(Pooling(input: input, output: output,
                                              geometry: Self.geometry(attributes, input: inputShape, output: outputShape),
                                              kind: .maximum, threads: threads)))
            case let .pad(top, left, bottom, right, value):
                steps.append(.pad(ConstantPad(input: input, output: output, batch: inputShape[0], height: inputShape[1],
                                              width: inputShape[2], channels: inputShape[3], top: top, left: left,
                                              bottom: bottom, right: right, value: value)))
            case .softmax:
                let length = max(outputShape.last ?? 1, 1)
                steps.append(.softmax(Softmax(input: input, output: output, rows: count(layer.output) / length, length: length)))
            case .alias:
                break
            }
        }
        self.steps = steps
        self.stepNames = stepNames
        self.graph = graph
        inputs = model.inputs.map { Edge(info: $0, pointer: pointer($0.name), shape: shape($0.name)) }
        outputs = model.outputs.map { Edge(info: $0, pointer: pointer($0.name), shape: shape($0.name)) }
    }

    /// Runs every step on the values in the arena. Allocation-free.
    func execute() {
        for step in steps { step.run() }
    }

    /// Moves each `add` into the epilogue of the GEMM convolution or dense layer producing one
    /// of its operands, when that layer has no activation of its own, its output is read by the
    /// add alone and is no model output, and the other operand has the output's shape (a
    /// residual connection). The fused layer runs where the add ran, reads the other operand as
    /// its residual and applies the add's activation.
    private static func fuseResidualAdds(_ layers: [FusedLayer], shapes: [String: [Int]], kept: Set<String>) -> [FusedLayer] {
        var readers: [String: Int] = [:]
        for layer in layers {
            for input in Set(layer.inputs) { readers[input, default: 0] += 1 }
        }
        var producer: [String: Int] = [:]
        for (index, layer) in layers.enumerated() { producer[layer.output] = index }
        var result: [FusedLayer?] = layers
        for (index, layer) in layers.enumerated() {
            guard case let .binary(.add, activation) = layer.operation, layer.inputs[0] != layer.inputs[1] else { continue }
            for (branch, residual) in [(layer.inputs[0], layer.inputs[1]), (layer.inputs[1], layer.inputs[0])] {
                guard let source = producer[branch], var convolution = result[source],
                      case .convolution(var prepared, let isDense) = convolution.operation, !prepared.isDepthwise,
                      prepared.activation == .none, convolution.inputs.count == 1, readers[branch] == 1, !kept.contains(branch),
                      let shape = shapes[branch], shapes[residual] == shape, shapes[layer.output] == shape else { continue }
                prepared.activation = activation
                convolution.operation = .convolution(prepared, isDense: isDense)
                convolution.nodes += layer.nodes
                convolution.inputs.append(residual)
                convolution.output = layer.output
                result[source] = nil
                result[index] = convolution
                break
            }
        }
        return result.compactMap { $0 }
    }

    /// The depthwise kernel of `convolution` at `geometry`; `nil` for a GEMM convolution.
    private static func depthwiseKernel(_ convolution: PreparedConvolution, geometry: ConvolutionGeometry, input: UnsafePointer<Float>,
                                        output: UnsafeMutablePointer<Float>, threads: Int) -> DepthwiseConvolution? {
        guard case let .depthwise(weights) = convolution.weights else { return nil }
        return DepthwiseConvolution(input: input, output: output, geometry: geometry, weights: UnsafePointer(weights.pointer),
                                    bias: UnsafePointer(convolution.bias.pointer), activation: convolution.activation, threads: threads)
    }

    /// The GEMM kernel of `convolution` at `geometry`, `residual` added in its epilogue; `nil`
    /// for a depthwise convolution.
    private static func gemmKernel(_ convolution: PreparedConvolution, geometry: ConvolutionGeometry, input: UnsafePointer<Float>,
                                   output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?,
                                   scratch: UnsafeMutablePointer<Float>, threads: Int) -> GEMMConvolution? {
        guard case let .packed(matrices) = convolution.weights else { return nil }
        let epilogue = Epilogue(bias: UnsafePointer(convolution.bias.pointer), residual: residual,
                                residualStride: geometry.outputChannels, activation: convolution.activation)
        return GEMMConvolution(input: input, output: output, geometry: geometry, weights: matrices, epilogue: epilogue,
                               scratch: scratch, threads: threads)
    }

    static func geometry(_ convolution: PreparedConvolution, input: [Int], output: [Int]) -> ConvolutionGeometry {
        let a = convolution.attributes
        let pads = a.padding.resolved(inputHeight: input[1], inputWidth: input[2], kernelHeight: convolution.kernelHeight,
                                      kernelWidth: convolution.kernelWidth, strideHeight: a.strideHeight, strideWidth: a.strideWidth,
                                      dilationHeight: a.dilationHeight, dilationWidth: a.dilationWidth)
        return ConvolutionGeometry(batch: input[0], inputHeight: input[1], inputWidth: input[2], inputChannels: input[3],
                                   outputHeight: output[1], outputWidth: output[2], outputChannels: output[3],
                                   kernelHeight: convolution.kernelHeight, kernelWidth: convolution.kernelWidth,
                                   strideHeight: a.strideHeight, strideWidth: a.strideWidth,
                                   dilationHeight: a.dilationHeight, dilationWidth: a.dilationWidth,
                                   padTop: pads.top, padLeft: pads.left, groups: a.groups)
    }

    private static func geometry(_ a: PoolAttributes, input: [Int], output: [Int]) -> ConvolutionGeometry {
        let pads = a.padding.resolved(inputHeight: input[1], inputWidth: input[2], kernelHeight: a.kernelHeight,
                                      kernelWidth: a.kernelWidth, strideHeight: a.strideHeight, strideWidth: a.strideWidth)
        return ConvolutionGeometry(batch: input[0], inputHeight: input[1], inputWidth: input[2], inputChannels: input[3],
                                   outputHeight: output[1], outputWidth: output[2], outputChannels: output[3],
                                   kernelHeight: a.kernelHeight, kernelWidth: a.kernelWidth,
                                   strideHeight: a.strideHeight, strideWidth: a.strideWidth, dilationHeight: 1, dilationWidth: 1,
                                   padTop: pads.top, padLeft: pads.left, groups: 1)
    }
}
