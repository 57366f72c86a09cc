extension ModelSummary {
    /// Finds every depthwise convolution whose output reaches exactly one pointwise convolution
    /// through batch-norm, activation, identity and gating `mul` nodes only (a `mul` is passed
    /// when the value followed is its full-size operand, as in squeeze-and-excite), and costs the
    /// pair as `SeparablePair` describes. O(nodes + edges).
    static func separablePairs(model: Model, layers: [LayerSummary], shapes: [String: [Int]]) throws -> [SeparablePair] {
        var consumers: [String: [Int]] = [:]
        for (index, node) in model.nodes.enumerated() {
            for input in node.inputs { consumers[input, default: []].append(index) }
        }
        var pairs: [SeparablePair] = []
        for (index, node) in model.nodes.enumerated() where layers[index].kind == .depthwiseConvolution {
            guard case let .conv2d(attributes) = node.op,
                  let kernel = try model.weight("kernel", of: node)?.shape, kernel.count == 4,
                  let inputName = node.inputs.first, let inputShape = shapes[inputName], inputShape.count == 4,
                  layers[index].outputShape.count == 4 else { continue }

            var frontier = node.outputs
            var visited = Set<String>()
            var pointwise: [Int] = []
            while let value = frontier.popLast() {
                guard visited.insert(value).inserted else { continue }
                for consumer in consumers[value] ?? [] {
                    switch model.nodes[consumer].op {
                    case .batchNorm, .activation, .identity:
                        frontier += model.nodes[consumer].outputs
                    case .mul where shapes[value] == layers[consumer].outputShape:
                        frontier += model.nodes[consumer].outputs
                    case .conv2d where layers[consumer].kind == .pointwiseConvolution:
                        pointwise.append(consumer)
                    default:
                        break
                    }
                }
            }
            guard pointwise.count == 1, let partner = pointwise.first, let outputChannels = layers[partner].outputShape.last else { continue }

            let depthwiseOutput = layers[index].outputShape
            let factors = [depthwiseOutput[1], depthwiseOutput[2], outputChannels, kernel[0], kernel[1], inputShape[3]]
            let standard = try product(factors, node: node.name)
            pairs.append(SeparablePair(depthwise: node.name, pointwise: layers[partner].name,
                                       kernelHeight: kernel[0], kernelWidth: kernel[1],
                                       strideHeight: attributes.strideHeight, strideWidth: attributes.strideWidth,
                                       inputChannels: inputShape[3], outputChannels: outputChannels,
                                       outputHeight: depthwiseOutput[1], outputWidth: depthwiseOutput[2],
                                       depthwiseMACs: layers[index].macs, pointwiseMACs: layers[partner].macs, standardMACs: standard))
        }
        return pairs
    }
}
