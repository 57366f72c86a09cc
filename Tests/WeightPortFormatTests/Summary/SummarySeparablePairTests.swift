import Testing
@testable import WeightPortFormat

/// Depthwise-separable pairs: which pairs are found and how they are costed.
@Suite struct SummarySeparablePairTests {
    @Test func ratioEqualsOneOverNPlusOneOverKSquaredExactlyForAStrideOneSameDepthwise() throws {
        let summary = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1Block())
        let pair = try #require(summary.separablePairs.first)
        #expect(summary.separablePairs.count == 1)
        #expect(pair.depthwise == "conv_dw_1" && pair.pointwise == "conv_pw_1")
        let (n, kk, cin, h, w) = (64, 3 * 3, 32, 16, 16)
        #expect(pair.standardMACs == h * w * n * kk * cin)
        #expect(pair.separableMACs == h * w * cin * kk + h * w * n * cin)
        // Exact rational equality: separable / standard == 1/N + 1/k²  ⇔  separable·N·k² == standard·(k² + N).
        #expect(pair.separableMACs * n * kk == pair.standardMACs * (kk + n))
        #expect(abs(pair.ratio - (1.0 / 64 + 1.0 / 9)) < 1e-15)
        #expect(abs(pair.ratio - pair.closedFormRatio) < 1e-15)
    }

    @Test func aStrideTwoDepthwiseIsComparedWithTheStandardConvolutionAtItsOutputSize() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("dw", kernel: [3, 3, 1, 8], stride: 2, groups: 8)
        try builder.batchNorm("dw_bn", channels: 8)
        builder.node("dw_relu", .activation(.relu6))
        try builder.conv("pw", kernel: [1, 1, 8, 16])
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 16, 16, 8]))
        let pair = try #require(summary.separablePairs.first)
        #expect(pair.outputHeight == 8 && pair.outputWidth == 8)   // 16 / 2, not the 16×16 input
        #expect(pair.standardMACs == 8 * 8 * 16 * 3 * 3 * 8)
        #expect(pair.depthwiseMACs == 8 * 8 * 8 * 3 * 3)
        #expect(pair.pointwiseMACs == 8 * 8 * 16 * 8)
        #expect(pair.strideHeight == 2)
    }

    @Test func aDepthMultiplierMakesTheMeasuredRatioDifferFromTheClosedForm() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("dw", kernel: [3, 3, 1, 16], groups: 8)    // multiplier 2: 8 → 16 channels
        try builder.conv("pw", kernel: [1, 1, 16, 4])
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 4, 4, 8]))
        let pair = try #require(summary.separablePairs.first)
        let separable = 4 * 4 * 16 * 9 * 1 + 4 * 4 * 4 * 16
        let standard = 4 * 4 * 4 * 9 * 8
        #expect(pair.separableMACs == separable && pair.standardMACs == standard)
        #expect(abs(pair.ratio - Double(separable) / Double(standard)) < 1e-15)
        #expect(abs(pair.closedFormRatio - (1.0 / 4 + 1.0 / 9)) < 1e-15)
        #expect(pair.ratio != pair.closedFormRatio)
    }

    @Test func squeezeAndExciteBetweenDepthwiseAndPointwiseIsPassedThrough() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("dw", kernel: [5, 5, 1, 16], groups: 16)
        builder.node("dw_act", .activation(.hardSwish))
        builder.node("se_pool", .globalAvgPool(keepDims: true))
        try builder.conv("se_reduce", kernel: [1, 1, 16, 4], bias: true)
        builder.node("se_relu", .activation(.relu))
        try builder.conv("se_expand", kernel: [1, 1, 4, 16], bias: true)
        builder.node("se_gate", .activation(.hardSigmoid(alpha: 1.0 / 6, beta: 0.5)))
        builder.node("se_mul", .mul, inputs: ["dw_act", "se_gate"])
        try builder.conv("project", kernel: [1, 1, 16, 24])
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 7, 7, 16]))
        #expect(summary.separablePairs.map(\.pointwise) == ["project"])
        let pair = try #require(summary.separablePairs.first)
        #expect(pair.separableMACs == 7 * 7 * 16 * 25 + 7 * 7 * 24 * 16)  // no squeeze-and-excite cost
    }

    @Test func aDepthwiseReachingTwoPointwiseConvolutionsIsNotAPair() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("dw", kernel: [3, 3, 1, 8], groups: 8)
        builder.node("relu", .activation(.relu))
        try builder.conv("pw_a", kernel: [1, 1, 8, 8], input: "relu")
        try builder.conv("pw_b", kernel: [1, 1, 8, 8], input: "relu")
        builder.node("sum", .add, inputs: ["pw_a", "pw_b"])
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 4, 4, 8]))
        #expect(summary.separablePairs.isEmpty)
    }

    @Test func aDepthwiseFollowedByAResidualAddIsNotAPair() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("dw", kernel: [3, 3, 1, 8], groups: 8)
        builder.node("residual", .add, inputs: ["dw", "input"])
        try builder.conv("pw", kernel: [1, 1, 8, 8])
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 4, 4, 8]))
        #expect(summary.separablePairs.isEmpty)
    }
}
