import Testing
@testable import WeightPortFormat

/// The counting rules of `ModelSummary`, one test per rule. Expected figures are worked out here
/// from the formulas, never copied from the code's output.
@Suite struct ModelSummaryCountingTests {
    @Test func convolutionMACsAreOutputSizeTimesKernelTimesInputChannelsPerGroup() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("stem", kernel: [3, 3, 3, 16], stride: 2, bias: true)
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 8, 8, 3]))
        let stem = try #require(summary.layers.first)
        #expect(stem.outputShape == [1, 4, 4, 16])               // same, stride 2: ceil(8 / 2)
        #expect(stem.macs == 4 * 4 * 16 * 3 * 3 * 3)             // H_out·W_out·C_out·kh·kw·C_in
        #expect(stem.params == 3 * 3 * 3 * 16 + 16)               // kernel + bias
        #expect(stem.kind == .standardConvolution)
    }

    @Test func groupedConvolutionDividesInputChannelsByGroups() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("grouped", kernel: [3, 3, 4, 8], groups: 2)
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 5, 5, 8]))
        let layer = try #require(summary.layers.first)
        #expect(layer.macs == 5 * 5 * 8 * 3 * 3 * (8 / 2))
        #expect(layer.kind == .standardConvolution)               // groups 2 ≠ C_in 8: not depthwise
    }

    @Test func depthwiseIsGroupsEqualToInputChannelsAboveOne() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("dw", kernel: [3, 3, 1, 8], groups: 8)
        try builder.conv("dw_1x1", kernel: [1, 1, 1, 8], groups: 8)
        try builder.conv("single_channel", kernel: [1, 1, 8, 1])
        try builder.conv("one_group", kernel: [3, 3, 1, 1], groups: 1)
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 6, 6, 8]))
        #expect(summary.layers.map(\.kind) == [.depthwiseConvolution, .depthwiseConvolution, .pointwiseConvolution, .standardConvolution])
        #expect(summary.layers[0].macs == 6 * 6 * 8 * 3 * 3 * 1)
    }

    @Test func pointwiseIsOneByOneWithOneGroup() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("pw", kernel: [1, 1, 16, 24])
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 7, 7, 16]))
        let layer = try #require(summary.layers.first)
        #expect(layer.kind == .pointwiseConvolution)
        #expect(layer.macs == 7 * 7 * 24 * 16)
        #expect(layer.params == 16 * 24)
    }

    @Test func denseMACsAreInputsTimesOutputs() throws {
        var builder = SummaryGraphBuilder()
        try builder.dense("logits", inputs: 1024, outputs: 1000)
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 1024]))
        let layer = try #require(summary.layers.first)
        #expect(layer.macs == 1024 * 1000)
        #expect(layer.params == 1024 * 1000 + 1000)
        #expect(layer.kind == .dense)
    }

    @Test func batchNormParamsIncludeMovingStatisticsAndCostNoMACs() throws {
        var builder = SummaryGraphBuilder()
        try builder.batchNorm("bn", channels: 32)
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 4, 4, 32]))
        let layer = try #require(summary.layers.first)
        #expect(layer.params == 4 * 32)                           // gamma, beta, mean, variance
        #expect(layer.nonTrainableParams == 2 * 32)               // mean, variance
        #expect(layer.macs == 0)
        #expect(summary.totals.trainableParams == 2 * 32)
    }

    @Test func elementwiseOpsCostNoMACs() throws {
        var builder = SummaryGraphBuilder()
        builder.node("scale", .rescale(scale: 1 / 127.5, offset: -1))
        builder.node("pad", .pad(top: 0, left: 0, bottom: 1, right: 1, value: 0))
        builder.node("relu", .activation(.relu))
        builder.node("pool", .globalAvgPool(keepDims: false))
        builder.node("softmax", .softmax)
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 4, 4, 3]))
        #expect(summary.layers.allSatisfy { $0.macs == 0 && $0.params == 0 && $0.kind == .other })
    }

    @Test func aTensorSharedByTwoNodesCountsOnceAtItsFirstUser() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("first", kernel: [1, 1, 4, 4])
        builder.node("second", .conv2d(Conv2DAttributes()), weights: ["kernel": "first/kernel"])
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 2, 2, 4]))
        #expect(summary.layers.map(\.params) == [16, 0])
        #expect(summary.layers.map(\.macs) == [2 * 2 * 4 * 4, 2 * 2 * 4 * 4])
        #expect(summary.totals.params == 16)
    }

    @Test func mobileNetV1BlockHasExactParamsAndMACs() throws {
        let summary = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1Block())
        // 32×32×3 → conv 3×3/2 same → 16×16×32 → depthwise 3×3/1 same → 16×16×32 → pointwise → 16×16×64.
        let stem = 16 * 16 * 32 * 3 * 3 * 3                       // 221,184
        let depthwise = 16 * 16 * 32 * 3 * 3 * 1                  // 73,728
        let pointwise = 16 * 16 * 64 * 1 * 1 * 32                 // 524,288
        let expectedParams = [3 * 3 * 3 * 32, 4 * 32, 0, 3 * 3 * 1 * 32, 4 * 32, 0, 32 * 64, 4 * 64, 0]
        #expect(summary.layers.map(\.params) == expectedParams)
        #expect(summary.layers.map(\.macs) == [stem, 0, 0, depthwise, 0, 0, pointwise, 0, 0])
        #expect(summary.layers.map(\.outputShape).last == [1, 16, 16, 64])
        #expect(summary.totals.params == 864 + 128 + 288 + 128 + 2048 + 256)
        #expect(summary.totals.params == 3712)
        #expect(summary.totals.nonTrainableParams == 2 * 32 + 2 * 32 + 2 * 64)
        #expect(summary.totals.macs == 819_200)
        #expect(summary.breakdown[.standardConvolution] == CostTotals(layers: 1, params: 864, macs: stem))
        #expect(summary.breakdown[.depthwiseConvolution] == CostTotals(layers: 1, params: 288, macs: depthwise))
        #expect(summary.breakdown[.pointwiseConvolution] == CostTotals(layers: 1, params: 2048, macs: pointwise))
        #expect(summary.breakdown[.dense] == CostTotals())
        #expect(summary.breakdown[.other] == CostTotals(layers: 6, params: 512, nonTrainableParams: 256, macs: 0))
    }

    @Test func totalsAndBreakdownSumTheRows() throws {
        let summary = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1Block())
        #expect(summary.totals.params == summary.layers.reduce(0) { $0 + $1.params })
        #expect(summary.totals.macs == summary.layers.reduce(0) { $0 + $1.macs })
        #expect(Set(summary.breakdown.keys) == Set(LayerKind.allCases))
        #expect(summary.breakdown.values.reduce(0) { $0 + $1.macs } == summary.totals.macs)
        #expect(summary.breakdown.values.reduce(0) { $0 + $1.layers } == summary.layers.count)
    }

    @Test func countsAreForBatchOneWhateverBatchIsGiven() throws {
        let model = try SummaryGraphBuilder.mobileNetV1Block()
        let declared = try ModelSummary(model: model)
        let batchEight = try ModelSummary(model: model, inputShapes: ["input": [8, 32, 32, 3]])
        #expect(batchEight.totals == declared.totals)
        #expect(batchEight.layers.first?.outputShape == [1, 16, 16, 32])
    }

    @Test func aGivenInputShapeChangesTheSpatialCounts() throws {
        let summary = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1Block(), inputShapes: ["input": [1, 64, 64, 3]])
        #expect(summary.layers[0].macs == 32 * 32 * 32 * 3 * 3 * 3)
    }

    @Test func anUnknownSpatialSizeWithoutAnInputShapeThrows() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("c", kernel: [1, 1, 3, 4])
        let model = try builder.model(inputShape: [-1, -1, -1, 3])
        #expect(throws: FormatError.self) { try ModelSummary(model: model) }
        #expect(try ModelSummary(model: model, inputShapes: ["input": [1, 2, 2, 3]]).totals.macs == 2 * 2 * 4 * 3)
    }

    @Test func aMACCountThatOverflowsThrowsInsteadOfTrapping() throws {
        var builder = SummaryGraphBuilder()
        try builder.conv("huge", kernel: [1, 1, 1, 4], padding: .valid)
        let model = try builder.model(inputShape: [-1, 1 << 31, 1 << 31, 1])   // 2^31·2^31·4 = 2^64
        #expect(throws: FormatError.self) { try ModelSummary(model: model) }
    }

    @Test func countingRulesStateTheFormulasTheCodeUses() {
        let rules = ModelSummary.countingRules
        #expect(rules.contains("H_out·W_out·C_out·kh·kw·C_in/groups"))
        #expect(rules.contains("in·out"))
        #expect(rules.contains("count_params()"))
        #expect(rules.contains("1/N + 1/k²"))
        #expect(rules.split(separator: "\n").allSatisfy { $0.count <= 100 })   // fits a terminal in --help
    }
}
