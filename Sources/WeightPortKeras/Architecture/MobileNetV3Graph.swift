/// `keras.applications.MobileNetV3Small` and `MobileNetV3Large`
/// (keras/src/applications/mobilenet_v3.py, Keras 3.15), layer by layer.
///
/// - Optional `Rescaling(1/127.5, offset=-1)` after the input (`include_preprocessing`).
/// - Channels are rounded by `_depth` (= ``MobileNetV2Graph/makeDivisible(_:divisor:)``).
/// - hard-swish is `Activation("hard_swish")`, serialised `"hard_silu"`, auto-named
///   `activation_N`; ReLU is an unnamed `ReLU()`, auto-named `re_lu_N`.
/// - The squeeze-excite gate is a hard-sigmoid written with operation nodes:
///   `x + 3.0` (ops `Add`) → `ReLU(6.0)` → `× 1/6` (ops `Multiply`), then the merge layer
///   `*_squeeze_excite_mul`. Its reduction is `_depth(filters * 0.25)`.
/// - Minimalistic: 3×3 kernels, ReLU everywhere, no squeeze-excite.
enum MobileNetV3Graph {
    /// One `_inverted_res_block` call of a stack: expansion (a float in Keras: `72.0 / 16`),
    /// output filters before alpha, kernel (`nil`: the model's kernel, 5 or 3 when
    /// minimalistic), stride, whether it has squeeze-excite (when not minimalistic), and whether
    /// it uses the model's activation (hard-swish, or ReLU when minimalistic) instead of ReLU.
    struct Block {
        var expansion: Double
        var filters: Int
        var kernel: Int?
        var stride: Int
        var squeezeExcite: Bool
        var modelActivation: Bool
    }

    static let smallBlocks: [Block] = [
        Block(expansion: 1, filters: 16, kernel: 3, stride: 2, squeezeExcite: true, modelActivation: false),
        Block(expansion: 72.0 / 16, filters: 24, kernel: 3, stride: 2, squeezeExcite: false, modelActivation: false),
        Block(expansion: 88.0 / 24, filters: 24, kernel: 3, stride: 1, squeezeExcite: false, modelActivation: false),
        Block(expansion: 4, filters: 40, kernel: nil, stride: 2, squeezeExcite: true, modelActivation: true),
        Block(expansion: 6, filters: 40, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: true),
        Block(expansion: 6, filters: 40, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: true),
        Block(expansion: 3, filters: 48, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: true),
        Block(expansion: 3, filters: 48, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: true),
        Block(expansion: 6, filters: 96, kernel: nil, stride: 2, squeezeExcite: true, modelActivation: true),
        Block(expansion: 6, filters: 96, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: true),
        Block(expansion: 6, filters: 96, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: true),
    ]

    static let largeBlocks: [Block] = [
        Block(expansion: 1, filters: 16, kernel: 3, stride: 1, squeezeExcite: false, modelActivation: false),
        Block(expansion: 4, filters: 24, kernel: 3, stride: 2, squeezeExcite: false, modelActivation: false),
        Block(expansion: 3, filters: 24, kernel: 3, stride: 1, squeezeExcite: false, modelActivation: false),
        Block(expansion: 3, filters: 40, kernel: nil, stride: 2, squeezeExcite: true, modelActivation: false),
        Block(expansion: 3, filters: 40, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: false),
        Block(expansion: 3, filters: 40, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: false),
        Block(expansion: 6, filters: 80, kernel: 3, stride: 2, squeezeExcite: false, modelActivation: true),
        Block(expansion: 2.5, filters: 80, kernel: 3, stride: 1, squeezeExcite: false, modelActivation: true),
        Block(expansion: 2.3, filters: 80, kernel: 3, stride: 1, squeezeExcite: false, modelActivation: true),
        Block(expansion: 2.3, filters: 80, kernel: 3, stride: 1, squeezeExcite: false, modelActivation: true),
        Block(expansion: 6, filters: 112, kernel: 3, stride: 1, squeezeExcite: true, modelActivation: true),
        Block(expansion: 6, filters: 112, kernel: 3, stride: 1, squeezeExcite: true, modelActivation: true),
        Block(expansion: 6, filters: 160, kernel: nil, stride: 2, squeezeExcite: true, modelActivation: true),
        Block(expansion: 6, filters: 160, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: true),
        Block(expansion: 6, filters: 160, kernel: nil, stride: 1, squeezeExcite: true, modelActivation: true),
    ]

    /// Squeeze-excite reduction (`se_ratio`).
    static let squeezeExciteRatio = 0.25

    /// The model's activation: hard-swish, or ReLU when minimalistic.
    private enum Activation {
        case relu, hardSwish
    }

    /// Records the graph of a validated v3 spec.
    static func build(_ spec: ArchitectureSpec) -> KerasGraphBuilder {
        let large = spec.architecture == .mobilenetV3Large
        let blocks = large ? largeBlocks : smallBlocks
        var lastPointChannels = large ? 1280 : 1024
        let kernel = spec.minimalistic ? 3 : 5
        let activation: Activation = spec.minimalistic ? .relu : .hardSwish

        var g = KerasGraphBuilder()
        var x = g.input(size: spec.inputSize)
        if spec.includePreprocessing {
            x = g.rescaling(x, scale: 1.0 / 127.5, offset: -1.0)
        }
        x = g.conv2D(x, filters: 16, kernel: 3, strides: 2, padding: .same, useBias: false, name: "conv")
        x = g.batchNormalization(x, momentum: 0.999, name: "conv_bn")
        x = apply(activation, &g, x)

        for (id, block) in blocks.enumerated() {
            x = invertedResidualBlock(
                &g, x,
                expansion: block.expansion,
                filters: depth(Double(block.filters) * spec.alpha),
                kernel: block.kernel ?? kernel,
                stride: block.stride,
                squeezeExcite: block.squeezeExcite && !spec.minimalistic,
                activation: block.modelActivation ? activation : .relu,
                id: id)
        }

        let lastConvChannels = depth(Double(x.channels * 6))
        if spec.alpha > 1.0 {
            lastPointChannels = depth(Double(lastPointChannels) * spec.alpha)
        }
        x = g.conv2D(x, filters: lastConvChannels, kernel: 1, padding: .same, useBias: false, name: "conv_1")
        x = g.batchNormalization(x, momentum: 0.999, name: "conv_1_bn")
        x = apply(activation, &g, x)

        if spec.includeTop {
            x = g.globalAveragePooling2D(x, keepdims: true)
            x = g.conv2D(x, filters: lastPointChannels, kernel: 1, padding: .same, useBias: true, name: "conv_2")
            x = apply(activation, &g, x)
            if spec.effectiveDropout > 0 {
                x = g.dropout(x, rate: spec.effectiveDropout)
            }
            x = g.conv2D(x, filters: spec.classes, kernel: 1, padding: .same, useBias: true, name: "logits")
            x = g.flatten(x)
            _ = g.activation(x, spec.serializedClassifierActivation, name: "predictions")
        } else {
            g.headlessPooling(x, spec.pooling, averageName: "avg_pool", maxName: "max_pool")
        }
        return g
    }

    /// `_depth(v)`: round channels to a multiple of 8.
    static func depth(_ v: Double) -> Int {
        MobileNetV2Graph.makeDivisible(v)
    }

    /// `relu(x)` (`ReLU()`) or `hard_swish(x)` (`Activation("hard_swish")`), both auto-named.
    private static func apply(_ activation: Activation, _ g: inout KerasGraphBuilder, _ x: KerasTensor) -> KerasTensor {
        switch activation {
        case .relu: g.relu(x)
        case .hardSwish: g.activation(x, "hard_silu")
        }
    }

    /// `_inverted_res_block` of mobilenet_v3.py.
    private static func invertedResidualBlock(
        _ g: inout KerasGraphBuilder, _ inputs: KerasTensor, expansion: Double, filters: Int, kernel: Int,
        stride: Int, squeezeExcite: Bool, activation: Activation, id: Int
    ) -> KerasTensor {
        let inFilters = inputs.channels
        let expanded = depth(Double(inFilters) * expansion)
        var x = inputs
        var prefix = "expanded_conv_"
        if id != 0 {
            prefix = "expanded_conv_\(id)_"
            x = g.conv2D(x, filters: expanded, kernel: 1, padding: .same, useBias: false, name: "\(prefix)expand")
            x = g.batchNormalization(x, momentum: 0.999, name: "\(prefix)expand_bn")
            x = apply(activation, &g, x)
        }
        if stride == 2 {
            let pad = MobileNetV2Graph.correctPad(x, kernel: kernel)
            x = g.zeroPadding2D(
                x, top: pad.top, bottom: pad.bottom, left: pad.left, right: pad.right,
                name: "\(prefix)depthwise_pad")
        }
        x = g.depthwiseConv2D(
            x, kernel: kernel, strides: stride, padding: stride == 1 ? .same : .valid, name: "\(prefix)depthwise")
        x = g.batchNormalization(x, momentum: 0.999, name: "\(prefix)depthwise_bn")
        x = apply(activation, &g, x)
        if squeezeExcite {
            x = squeezeExciteBlock(&g, x, filters: expanded, prefix: prefix)
        }
        x = g.conv2D(x, filters: filters, kernel: 1, padding: .same, useBias: false, name: "\(prefix)project")
        x = g.batchNormalization(x, momentum: 0.999, name: "\(prefix)project_bn")
        if stride == 1, inFilters == filters {
            x = g.add(inputs, x, name: "\(prefix)add")
        }
        return x
    }

    /// `_se_block`: GAP → 1×1 conv (reduce) → ReLU → 1×1 conv → hard-sigmoid → multiply.
    private static func squeezeExciteBlock(
        _ g: inout KerasGraphBuilder, _ inputs: KerasTensor, filters: Int, prefix: String
    ) -> KerasTensor {
        var x = g.globalAveragePooling2D(inputs, keepdims: true, name: "\(prefix)squeeze_excite_avg_pool")
        x = g.conv2D(
            x, filters: depth(Double(filters) * squeezeExciteRatio), kernel: 1, padding: .same, useBias: true,
            name: "\(prefix)squeeze_excite_conv")
        x = g.relu(x, name: "\(prefix)squeeze_excite_relu")
        x = g.conv2D(x, filters: filters, kernel: 1, padding: .same, useBias: true, name: "\(prefix)squeeze_excite_conv_1")
        // hard_sigmoid(x) = ReLU(6.0)(x + 3.0) * (1.0 / 6.0)
        x = g.addConstant(x, 3.0)
        x = g.relu(x, maxValue: 6.0)
        x = g.multiplyConstant(x, 1.0 / 6.0)
        return g.multiply(inputs, x, name: "\(prefix)squeeze_excite_mul")
    }
}
