import Testing
@testable import WeightPortFormat

/// Whole-network totals against published figures, comparing like with like: the papers count
/// parameters without batch-norm moving mean and variance (`CostTotals.trainableParams`: kernels,
/// biases, gamma and beta), Keras' `count_params()` counts them too (`CostTotals.params`).
@Suite struct SummaryPaperFigureTests {
    /// `|measured / published - 1| <= tolerance`.
    static func within(_ measured: Int, _ published: Double, _ tolerance: Double = 0.02) -> Bool {
        abs(Double(measured) / published - 1) <= tolerance
    }

    @Test func mobileNetV1MatchesKerasCountParamsExactly() throws {
        let summary = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1())
        // keras.applications.MobileNet(alpha=1.0, 224, classes=1000).count_params() (Keras 3.15.1).
        #expect(summary.totals.params == 4_253_864)
        // Batch-norm moving statistics: 2 × (32 + Σ depthwise channels + Σ pointwise filters).
        let depthwise = [32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024].reduce(0, +)
        let pointwise = [64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024].reduce(0, +)
        #expect(summary.totals.nonTrainableParams == 2 * (32 + depthwise + pointwise))
    }

    @Test func mobileNetV1IsWithinTwoPercentOfThePaper() throws {
        let summary = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1())
        // Howard et al. 2017, Table 8: 1.0 MobileNet-224, 569 million mult-adds, 4.2 million parameters.
        #expect(Self.within(summary.totals.trainableParams, 4.2e6))
        #expect(Self.within(summary.totals.macs, 569e6))
        #expect(summary.separablePairs.count == 13)
        // Every block: stride-1 pointwise, multiplier 1, so (dw + pw) / standard = 1/N + 1/9 exactly.
        #expect(summary.separablePairs.allSatisfy { $0.separableMACs * $0.outputChannels * 9 == $0.standardMACs * (9 + $0.outputChannels) })
    }
}
