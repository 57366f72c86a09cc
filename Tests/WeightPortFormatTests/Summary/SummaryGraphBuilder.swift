@testable import WeightPortFormat

/// Builds small canonical models for the summary tests, one layer at a time; each layer reads the
/// previous one's output unless told otherwise. Weights are zeros: the summary never reads them.
struct SummaryGraphBuilder {
    var nodes: [Node] = []
    var tensors: [Tensor] = []
    var inputName: String
    var last: String

    init(input: String = "input") {
        inputName = input
        last = input
    }

    mutating func weight(_ name: String, _ shape: [Int], _ layout: TensorLayout) throws -> String {
        tensors.append(try Tensor(name: name, shape: shape, layout: layout, floats: .init(repeating: 0, count: shape.reduce(1, *))))
        return name
    }

    @discardableResult
    mutating func node(_ name: String, _ op: Op, inputs: [String]? = nil, weights: [String: String] = [:]) -> String {
        nodes.append(Node(name: name, op: op, inputs: inputs ?? [last], outputs: [name], weights: weights))
        last = name
        return name
    }

    /// A convolution with kernel `[kh, kw, cin/groups, cout]`.
    @discardableResult
    mutating func conv(_ name: String, kernel: [Int], stride: Int = 1, padding: Padding = .same, groups: Int = 1,
                       bias: Bool = false, input: String? = nil) throws -> String {
        var weights = ["kernel": try weight("\(name)/kernel", kernel, .convolutionKernel)]
        if bias { weights["bias"] = try weight("\(name)/bias", [kernel[3]], .perChannel) }
        return node(name, .conv2d(Conv2DAttributes(strideHeight: stride, strideWidth: stride, padding: padding, groups: groups)),
                    inputs: input.map { [$0] }, weights: weights)
    }

    /// A batch norm with all four tensors of `channels` elements.
    @discardableResult
    mutating func batchNorm(_ name: String, channels: Int) throws -> String {
        var weights: [String: String] = [:]
        for role in ["gamma", "beta", "mean", "variance"] {
            weights[role] = try weight("\(name)/\(role)", [channels], .perChannel)
        }
        return node(name, .batchNorm(epsilon: 0.001), weights: weights)
    }

    @discardableResult
    mutating func dense(_ name: String, inputs: Int, outputs: Int, bias: Bool = true) throws -> String {
        var weights = ["kernel": try weight("\(name)/kernel", [inputs, outputs], .denseKernel)]
        if bias { weights["bias"] = try weight("\(name)/bias", [outputs], .perChannel) }
        return node(name, .dense, weights: weights)
    }

    func model(inputShape: [Int], name: String = "test_model") throws -> Model {
        let provenance = Provenance(sourceFormat: "test", sourceFile: "built-in-test", sourceSHA256: "", frameworkVersion: nil,
                                    importerVersion: "weightport test", createdAt: "2026-11-25T00:00:00Z")
        let model = try Model(name: name, inputs: [ValueInfo(name: inputName, shape: inputShape, sourceLayout: .nhwc)],
                              outputs: [ValueInfo(name: last, shape: [-1], sourceLayout: .plain)],
                              nodes: nodes, tensors: tensors, provenance: provenance)
        try model.validate()
        return model
    }

    /// A MobileNet v1 stem and first block on a 1×32×32×3 image:
    /// conv 3×3/2 same 3→32 → bn → relu6 → depthwise 3×3/1 same → bn → relu6 → pointwise 32→64 → bn → relu6.
    static func mobileNetV1Block() throws -> Model {
        var builder = SummaryGraphBuilder()
        try builder.conv("conv1", kernel: [3, 3, 3, 32], stride: 2)
        try builder.batchNorm("conv1_bn", channels: 32)
        builder.node("conv1_relu", .activation(.relu6))
        try builder.conv("conv_dw_1", kernel: [3, 3, 1, 32], groups: 32)
        try builder.batchNorm("conv_dw_1_bn", channels: 32)
        builder.node("conv_dw_1_relu", .activation(.relu6))
        try builder.conv("conv_pw_1", kernel: [1, 1, 32, 64])
        try builder.batchNorm("conv_pw_1_bn", channels: 64)
        builder.node("conv_pw_1_relu", .activation(.relu6))
        return try builder.model(inputShape: [-1, 32, 32, 3], name: "mobilenet_v1_block")
    }
}

extension SummaryGraphBuilder {
    /// MobileNet v1 (α 1.0, 224×224, 1000 classes) laid out as Keras builds it: `conv1` 3×3/2
    /// same, 13 depthwise-separable blocks (stride-2 depthwise convolutions after a
    /// `ZeroPadding2D((0,1),(0,1))` and `valid`), global average pooling with keepdims, a 1×1
    /// `conv_preds` with bias, reshape and softmax. Built by hand from the paper's Table 1.
    static func mobileNetV1() throws -> Model {
        var builder = SummaryGraphBuilder(input: "input_layer")
        try builder.conv("conv1", kernel: [3, 3, 3, 32], stride: 2)
        try builder.batchNorm("conv1_bn", channels: 32)
        builder.node("conv1_relu", .activation(.relu6))
        let blocks = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
                      (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]
        var channels = 32
        for (index, (filters, stride)) in blocks.enumerated() {
            let id = index + 1
            if stride == 2 { builder.node("conv_pad_\(id)", .pad(top: 0, left: 0, bottom: 1, right: 1, value: 0)) }
            try builder.conv("conv_dw_\(id)", kernel: [3, 3, 1, channels], stride: stride, padding: stride == 2 ? .valid : .same,
                             groups: channels)
            try builder.batchNorm("conv_dw_\(id)_bn", channels: channels)
            builder.node("conv_dw_\(id)_relu", .activation(.relu6))
            try builder.conv("conv_pw_\(id)", kernel: [1, 1, channels, filters])
            try builder.batchNorm("conv_pw_\(id)_bn", channels: filters)
            builder.node("conv_pw_\(id)_relu", .activation(.relu6))
            channels = filters
        }
        builder.node("global_average_pooling2d", .globalAvgPool(keepDims: true))
        builder.node("dropout", .identity)
        try builder.conv("conv_preds", kernel: [1, 1, 1024, 1000], bias: true)
        builder.node("reshape_2", .reshape(shape: [1000]))
        builder.node("predictions", .softmax)
        return try builder.model(inputShape: [-1, 224, 224, 3], name: "mobilenet_1.00_224")
    }
}

extension SummaryGraphBuilder {
    /// An inverted-residual block as Keras builds it for MobileNet v2 and v3: a 1×1 expansion
    /// (skipped when `expanded == input`) with batch norm and `activation`; a `kernel×kernel`
    /// depthwise convolution (stride 2: `ZeroPadding2D` of `k/2 - 1` top/left and `k/2`
    /// bottom/right, then `valid`) with batch norm and `activation`; optional squeeze-and-excite
    /// to `squeeze` channels (pool, 1×1 + bias, relu, 1×1 + bias, hard sigmoid, multiply); a 1×1
    /// projection with batch norm; a residual add when the stride is 1 and `input == output`.
    mutating func invertedResidual(_ prefix: String, input: Int, expanded: Int, output: Int, kernel: Int, stride: Int,
                                   squeeze: Int? = nil, activation: Activation) throws {
        let blockInput = last
        if expanded != input {
            try conv("\(prefix)_expand", kernel: [1, 1, input, expanded])
            try batchNorm("\(prefix)_expand_bn", channels: expanded)
            node("\(prefix)_expand_act", .activation(activation))
        }
        if stride == 2 {
            node("\(prefix)_pad", .pad(top: kernel / 2 - 1, left: kernel / 2 - 1, bottom: kernel / 2, right: kernel / 2, value: 0))
        }
        try conv("\(prefix)_depthwise", kernel: [kernel, kernel, 1, expanded], stride: stride,
                 padding: stride == 2 ? .valid : .same, groups: expanded)
        try batchNorm("\(prefix)_depthwise_bn", channels: expanded)
        let activated = node("\(prefix)_depthwise_act", .activation(activation))
        if let squeeze {
            node("\(prefix)_squeeze_excite_avg_pool", .globalAvgPool(keepDims: true))
            try conv("\(prefix)_squeeze_excite_conv", kernel: [1, 1, expanded, squeeze], bias: true)
            node("\(prefix)_squeeze_excite_relu", .activation(.relu))
            try conv("\(prefix)_squeeze_excite_conv_1", kernel: [1, 1, squeeze, expanded], bias: true)
            let gate = node("\(prefix)_squeeze_excite_gate", .activation(.hardSigmoid(alpha: 1.0 / 6, beta: 0.5)))
            node("\(prefix)_squeeze_excite_mul", .mul, inputs: [activated, gate])
        }
        try conv("\(prefix)_project", kernel: [1, 1, expanded, output])
        try batchNorm("\(prefix)_project_bn", channels: output)
        if stride == 1, input == output {
            node("\(prefix)_add", .add, inputs: [last, blockInput])
        }
    }

    /// MobileNet v2 (α 1.0, 224×224, 1000 classes) as Keras builds it: `Conv1` 3×3/2 same 3→32,
    /// the 17 inverted-residual blocks of the paper's Table 2 (relu6), `Conv_1` 1×1 320→1280,
    /// global average pooling and a dense classifier.
    static func mobileNetV2() throws -> Model {
        var builder = SummaryGraphBuilder(input: "input_layer")
        try builder.conv("Conv1", kernel: [3, 3, 3, 32], stride: 2)
        try builder.batchNorm("bn_Conv1", channels: 32)
        builder.node("Conv1_relu", .activation(.relu6))
        // (expansion t, output channels c, repeats n, first stride s), Sandler et al. 2018, Table 2.
        let stages = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
        var channels = 32
        var block = 0
        for (expansion, output, repeats, firstStride) in stages {
            for index in 0..<repeats {
                try builder.invertedResidual(block == 0 ? "expanded_conv" : "block_\(block)", input: channels,
                                             expanded: channels * expansion, output: output, kernel: 3,
                                             stride: index == 0 ? firstStride : 1, activation: .relu6)
                channels = output
                block += 1
            }
        }
        try builder.conv("Conv_1", kernel: [1, 1, 320, 1280])
        try builder.batchNorm("Conv_1_bn", channels: 1280)
        builder.node("out_relu", .activation(.relu6))
        builder.node("global_average_pooling2d", .globalAvgPool(keepDims: false))
        try builder.dense("predictions", inputs: 1280, outputs: 1000)
        builder.node("predictions_softmax", .softmax)
        return try builder.model(inputShape: [-1, 224, 224, 3], name: "mobilenetv2_1.00_224")
    }

    /// One MobileNet v3 block: kernel, expanded channels, output channels, squeeze channels
    /// (`nil`: no squeeze-and-excite), hard-swish (else relu), stride.
    typealias V3Block = (kernel: Int, expanded: Int, output: Int, squeeze: Int?, hardSwish: Bool, stride: Int)

    /// MobileNet v3 Large (Howard et al. 2019, Table 1; α 1.0, 224×224, 1000 classes).
    static let v3LargeBlocks: [V3Block] = [
        (3, 16, 16, nil, false, 1), (3, 64, 24, nil, false, 2), (3, 72, 24, nil, false, 1),
        (5, 72, 40, 24, false, 2), (5, 120, 40, 32, false, 1), (5, 120, 40, 32, false, 1),
        (3, 240, 80, nil, true, 2), (3, 200, 80, nil, true, 1), (3, 184, 80, nil, true, 1), (3, 184, 80, nil, true, 1),
        (3, 480, 112, 120, true, 1), (3, 672, 112, 168, true, 1),
        (5, 672, 160, 168, true, 2), (5, 960, 160, 240, true, 1), (5, 960, 160, 240, true, 1),
    ]

    /// MobileNet v3 Small (Howard et al. 2019, Table 2; α 1.0, 224×224, 1000 classes).
    static let v3SmallBlocks: [V3Block] = [
        (3, 16, 16, 8, false, 2), (3, 72, 24, nil, false, 2), (3, 88, 24, nil, false, 1),
        (5, 96, 40, 24, true, 2), (5, 240, 40, 64, true, 1), (5, 240, 40, 64, true, 1),
        (5, 120, 48, 32, true, 1), (5, 144, 48, 40, true, 1),
        (5, 288, 96, 72, true, 2), (5, 576, 96, 144, true, 1), (5, 576, 96, 144, true, 1),
    ]

    /// MobileNet v3 as Keras builds it: rescaling, `conv` 3×3/2 same 3→16 with hard-swish, the
    /// blocks, `conv_1` 1×1 to `lastConv` channels, pooling, `conv_2` 1×1 to `head` channels with
    /// bias and hard-swish, `logits` 1×1 with bias, flatten, softmax.
    static func mobileNetV3(_ blocks: [V3Block], lastConv: Int, head: Int, name: String) throws -> Model {
        var builder = SummaryGraphBuilder(input: "input_layer")
        builder.node("rescaling", .rescale(scale: 1 / 127.5, offset: -1))
        try builder.conv("conv", kernel: [3, 3, 3, 16], stride: 2)
        try builder.batchNorm("conv_bn", channels: 16)
        builder.node("conv_hard_swish", .activation(.hardSwish))
        var channels = 16
        for (index, block) in blocks.enumerated() {
            try builder.invertedResidual(index == 0 ? "expanded_conv" : "expanded_conv_\(index)", input: channels,
                                         expanded: block.expanded, output: block.output, kernel: block.kernel, stride: block.stride,
                                         squeeze: block.squeeze, activation: block.hardSwish ? .hardSwish : .relu)
            channels = block.output
        }
        try builder.conv("conv_1", kernel: [1, 1, channels, lastConv])
        try builder.batchNorm("conv_1_bn", channels: lastConv)
        builder.node("conv_1_hard_swish", .activation(.hardSwish))
        builder.node("global_average_pooling2d", .globalAvgPool(keepDims: true))
        try builder.conv("conv_2", kernel: [1, 1, lastConv, head], bias: true)
        builder.node("conv_2_hard_swish", .activation(.hardSwish))
        builder.node("dropout", .identity)
        try builder.conv("logits", kernel: [1, 1, head, 1000], bias: true)
        builder.node("flatten", .flatten)
        builder.node("predictions", .softmax)
        return try builder.model(inputShape: [-1, 224, 224, 3], name: name)
    }
}
