/// `keras.applications.MobileNetV2` (keras/src/applications/mobilenet_v2.py, Keras 3.15),
/// layer by layer: `Conv1`, 17 inverted-residual blocks (`expanded_conv_*` for block 0, which
/// has no expansion, then `block_N_*`), `Conv_1`, and a `GAP → Dense` head. Batch norms use
/// momentum 0.999, epsilon 1e-3; stride-2 depthwise convs get a `ZeroPadding2D` from
/// `correct_pad` and `valid` padding.
enum MobileNetV2Graph {
    /// Filters, stride and expansion of blocks 0...16.
    static let blocks: [(filters: Int, stride: Int, expansion: Int)] = [
        (16, 1, 1),
        (24, 2, 6), (24, 1, 6),
        (32, 2, 6), (32, 1, 6), (32, 1, 6),
        (64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6),
        (96, 1, 6), (96, 1, 6), (96, 1, 6),
        (160, 2, 6), (160, 1, 6), (160, 1, 6),
        (320, 1, 6),
    ]

    /// Records the graph of a validated spec.
    static func build(_ spec: ArchitectureSpec) -> KerasGraphBuilder {
        var g = KerasGraphBuilder()
        let alpha = spec.alpha
        var x = g.input(size: spec.inputSize)

        x = g.conv2D(
            x, filters: makeDivisible(32 * alpha), kernel: 3, strides: 2, padding: .same, useBias: false,
            name: "Conv1")
        x = g.batchNormalization(x, momentum: 0.999, name: "bn_Conv1")
        x = g.relu(x, maxValue: 6.0, name: "Conv1_relu")

        for (id, block) in blocks.enumerated() {
            x = invertedResidualBlock(&g, x, block: block, alpha: alpha, id: id)
        }

        let lastFilters = alpha > 1.0 ? makeDivisible(1280 * alpha) : 1280
        x = g.conv2D(x, filters: lastFilters, kernel: 1, padding: .valid, useBias: false, name: "Conv_1")
        x = g.batchNormalization(x, momentum: 0.999, name: "Conv_1_bn")
        x = g.relu(x, maxValue: 6.0, name: "out_relu")

        if spec.includeTop {
            x = g.globalAveragePooling2D(x, keepdims: false)
            _ = g.dense(x, units: spec.classes, activation: spec.serializedClassifierActivation, name: "predictions")
        } else {
            g.headlessPooling(x, spec.pooling)
        }
        return g
    }

    /// `_inverted_res_block`.
    private static func invertedResidualBlock(
        _ g: inout KerasGraphBuilder, _ inputs: KerasTensor,
        block: (filters: Int, stride: Int, expansion: Int), alpha: Double, id: Int
    ) -> KerasTensor {
        let inChannels = inputs.channels
        let pointwiseFilters = makeDivisible(Double(Int(Double(block.filters) * alpha)))
        var x = inputs
        var prefix = "block_\(id)_"
        if id != 0 {
            x = g.conv2D(
                x, filters: block.expansion * inChannels, kernel: 1, padding: .same, useBias: false,
                name: "\(prefix)expand")
            x = g.batchNormalization(x, momentum: 0.999, name: "\(prefix)expand_BN")
            x = g.relu(x, maxValue: 6.0, name: "\(prefix)expand_relu")
        } else {
            prefix = "expanded_conv_"
        }
        if block.stride == 2 {
            let pad = correctPad(x, kernel: 3)
            x = g.zeroPadding2D(
                x, top: pad.top, bottom: pad.bottom, left: pad.left, right: pad.right, name: "\(prefix)pad")
        }
        x = g.depthwiseConv2D(
            x, kernel: 3, strides: block.stride, padding: block.stride == 1 ? .same : .valid,
            name: "\(prefix)depthwise")
        x = g.batchNormalization(x, momentum: 0.999, name: "\(prefix)depthwise_BN")
        x = g.relu(x, maxValue: 6.0, name: "\(prefix)depthwise_relu")
        x = g.conv2D(x, filters: pointwiseFilters, kernel: 1, padding: .same, useBias: false, name: "\(prefix)project")
        x = g.batchNormalization(x, momentum: 0.999, name: "\(prefix)project_BN")
        if inChannels == pointwiseFilters, block.stride == 1 {
            return g.add(inputs, x, name: "\(prefix)add")
        }
        return x
    }

    /// `_make_divisible(v, 8)` of mobilenet_v2.py, identical to `_depth` of mobilenet_v3.py:
    /// round to the nearest multiple of the divisor (at least the divisor), and go up one
    /// multiple if that lost more than 10%.
    static func makeDivisible(_ v: Double, divisor: Int = 8) -> Int {
        let rounded = max(divisor, Int(v + Double(divisor) / 2) / divisor * divisor)
        return Double(rounded) < 0.9 * v ? rounded + divisor : rounded
    }

    /// `imagenet_utils.correct_pad`: the explicit padding Keras puts before a stride-2 `valid`
    /// conv so it matches TF `SAME` — one fewer row/column at the top/left when the input is even.
    static func correctPad(_ x: KerasTensor, kernel: Int) -> (top: Int, bottom: Int, left: Int, right: Int) {
        let half = kernel / 2
        let adjustH = 1 - x.shape[0] % 2
        let adjustW = 1 - x.shape[1] % 2
        return (half - adjustH, half, half - adjustW, half)
    }
}
