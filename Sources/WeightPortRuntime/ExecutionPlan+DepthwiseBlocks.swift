extension ExecutionPlan {
    /// Merges each depthwise convolution (undilated vertically, one input) with the pointwise
    /// convolution producing its input (`expand`) and/or the pointwise convolution reading its
    /// output (`project`) into one `depthwiseBlock` layer, when the value between them is read by
    /// that convolution alone and is no model output. A pointwise convolution is a 1×1,
    /// stride-1, unpadded, ungrouped one at these shapes; a projection may carry a fused residual.
    /// The merged layer runs where its last part ran, reading the first part's input (and the
    /// projection's residual). Only depthwise convolutions whose input (one image) is larger than
    /// `DepthwiseBlock.minimumInputBytes` and whose output rows hold at least
    /// `DepthwiseBlock.minimumRowPixels` pixels are merged: below that the separate layers'
    /// tensors stay in L2 anyway, and their whole-tensor GEMMs tile better than the block's
    /// row-sized ones; `everySize` merges every block regardless (tests).
    static func fuseDepthwiseBlocks(_ layers: [FusedLayer], shapes: [String: [Int]], kept: Set<String>,
                                    everySize: Bool) -> [FusedLayer] {
        var readers: [String: [Int]] = [:]
        var producer: [String: Int] = [:]
        for (index, layer) in layers.enumerated() {
            for input in Set(layer.inputs) { readers[input, default: []].append(index) }
            producer[layer.output] = index
        }
        /// The prepared convolution of `layers[index]` when it is pointwise at these shapes.
        func pointwise(_ index: Int) -> PreparedConvolution? {
            let layer = layers[index]
            guard case let .convolution(convolution, isDense: false) = layer.operation, !convolution.isDepthwise,
                  let input = shapes[layer.inputs[0]], let output = shapes[layer.output], input.count == 4 else { return nil }
            return geometry(convolution, input: input, output: output).isPointwise ? convolution : nil
        }
        /// Whether `value` is read by exactly the layer `reader` and is no model output.
        func onlyFeeds(_ value: String, _ reader: Int) -> Bool {
            readers[value] == [reader] && !kept.contains(value)
        }
        var result: [FusedLayer?] = layers
        /// Layers already merged into a block (each joins one block at most).
        var merged = [Bool](repeating: false, count: layers.count)
        for (index, layer) in layers.enumerated() {
            guard case let .convolution(depthwise, isDense: false) = layer.operation, depthwise.isDepthwise,
                  depthwise.attributes.dilationHeight == 1, layer.inputs.count == 1,
                  let input = shapes[layer.inputs[0]], input.count == 4, let output = shapes[layer.output],
                  everySize || (output[2] >= DepthwiseBlock.minimumRowPixels
                      && input.dropFirst().reduce(MemoryLayout<Float>.size, *) > DepthwiseBlock.minimumInputBytes) else { continue }
            var parts = FusedLayer.BlockParts(expand: nil, depthwise: depthwise, project: nil,
                                              depthwiseInput: layer.inputs[0], depthwiseOutput: layer.output)
            var block = layer
            var expandIndex: Int?, projectIndex: Int?
            if let source = producer[layer.inputs[0]], !merged[source], onlyFeeds(layer.inputs[0], index),
               let expand = pointwise(source), layers[source].inputs.count == 1 {
                parts.expand = expand
                block.nodes = layers[source].nodes + block.nodes
                block.inputs = layers[source].inputs
                expandIndex = source
            }
            if let list = readers[layer.output], list.count == 1, !merged[list[0]], onlyFeeds(layer.output, list[0]),
               layers[list[0]].inputs[0] == layer.output, !layers[list[0]].inputs.dropFirst().contains(layer.output),
               let project = pointwise(list[0]) {
                parts.project = project
                block.nodes += layers[list[0]].nodes
                block.inputs += layers[list[0]].inputs.dropFirst()
                block.output = layers[list[0]].output
                projectIndex = list[0]
            }
            guard expandIndex != nil || projectIndex != nil else { continue }
            block.operation = .depthwiseBlock(parts)
            for part in [expandIndex, index, projectIndex].compactMap({ $0 }) {
                merged[part] = true
                result[part] = nil
            }
            result[projectIndex ?? index] = block
        }
        return result.compactMap { $0 }
    }
}
