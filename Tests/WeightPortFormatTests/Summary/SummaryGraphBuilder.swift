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
