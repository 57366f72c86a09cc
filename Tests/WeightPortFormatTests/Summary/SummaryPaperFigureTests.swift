import Foundation
import Testing
@testable import WeightPortFormat

/// Whole-network totals of MobileNets built by hand (`SummaryGraphBuilder`) against Keras and the
/// published figures.
///
/// Like is compared with like. Keras' `count_params()` counts every stored weight, so it is
/// compared with `CostTotals.params` exactly. The papers count parameters without batch-norm
/// moving mean and moving variance (they are statistics, not learnt); what is compared with them is
/// `CostTotals.trainableParams`, which excludes exactly those two tensors of every batch norm and
/// keeps kernels, biases, gamma and beta. MACs are compared as counted (conv and dense only; no
/// bias, batch-norm, activation, squeeze-and-excite multiply or pooling arithmetic), within 2 %.
@Suite struct SummaryPaperFigureTests {
    /// `|measured / published - 1| <= 2 %`.
    static func withinTwoPercent(_ measured: Int, of published: Double) -> Bool {
        abs(Double(measured) / published - 1) <= 0.02
    }

    /// The element count of every stored variable of a Keras model, in Keras' order, and its
    /// `count_params()`, from a `Fixtures/keras-arch/*.meta.json` dumped from Keras 3.15.1.
    static func kerasVariables(_ fixture: String) throws -> (elementCounts: [Int], countParams: Int) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Fixtures/keras-arch/\(fixture).meta.json"))
        let meta = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let layers = try #require(meta["layers"] as? [[Any]])
        var counts: [Int] = []
        for layer in layers {
            let variables = try #require(layer.last as? [[Any]])
            for variable in variables {
                let shape = try #require(variable.last as? [Int])
                counts.append(shape.reduce(1, *))
            }
        }
        return (counts, try #require(meta["count_params"] as? Int))
    }

    /// Checks that a hand-built model stores the same variables as Keras, in the same order, and
    /// that the summary's params equal Keras' `count_params()`.
    static func expectSameVariablesAsKeras(_ model: Model, fixture: String) throws {
        let keras = try kerasVariables(fixture)
        #expect(model.tensors.map(\.elementCount) == keras.elementCounts)
        #expect(try ModelSummary(model: model).totals.params == keras.countParams)
    }

    @Test func mobileNetV1MatchesKerasCountParamsExactly() throws {
        let model = try SummaryGraphBuilder.mobileNetV1()
        try Self.expectSameVariablesAsKeras(model, fixture: "v1_a100_224_c1000")
        let summary = try ModelSummary(model: model)
        #expect(summary.totals.params == 4_253_864)
        // Batch-norm moving statistics: 2 × (32 + Σ depthwise channels + Σ pointwise filters).
        let depthwise = [32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024].reduce(0, +)
        let pointwise = [64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024].reduce(0, +)
        #expect(summary.totals.nonTrainableParams == 2 * (32 + depthwise + pointwise))
    }

    @Test func mobileNetV1IsWithinTwoPercentOfThePaper() throws {
        let summary = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1())
        // Howard et al. 2017, Table 8: 1.0 MobileNet-224, 569 million mult-adds, 4.2 million parameters.
        #expect(Self.withinTwoPercent(summary.totals.trainableParams, of: 4.2e6))
        #expect(Self.withinTwoPercent(summary.totals.macs, of: 569e6))
        #expect(summary.separablePairs.count == 13)
        // Every block: stride-1 pointwise, multiplier 1, so (dw + pw) / standard = 1/N + 1/9 exactly.
        #expect(summary.separablePairs.allSatisfy { $0.separableMACs * $0.outputChannels * 9 == $0.standardMACs * (9 + $0.outputChannels) })
    }

    @Test func mobileNetV2MatchesKerasCountParamsExactly() throws {
        try Self.expectSameVariablesAsKeras(try SummaryGraphBuilder.mobileNetV2(), fixture: "v2_a100_224_c1000")
    }

    @Test func mobileNetV2IsWithinTwoPercentOfThePublishedFigures() throws {
        let summary = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV2())
        // Sandler et al. 2018, Table 4: 300M MACs; the released checkpoint's 3.47M parameters
        // (tensorflow/models, research/slim/nets/mobilenet/README.md, mobilenet_v2_1.0_224; the paper
        // rounds it to 3.4M).
        #expect(Self.withinTwoPercent(summary.totals.trainableParams, of: 3.47e6))
        #expect(Self.withinTwoPercent(summary.totals.macs, of: 300e6))
        #expect(summary.separablePairs.count == 17)
    }

    @Test func mobileNetV3LargeMatchesKerasCountParamsExactly() throws {
        let model = try SummaryGraphBuilder.mobileNetV3(SummaryGraphBuilder.v3LargeBlocks, lastConv: 960, head: 1280, name: "MobileNetV3Large")
        try Self.expectSameVariablesAsKeras(model, fixture: "v3l_a100_224_c1000")
    }

    @Test func mobileNetV3LargeIsWithinTwoPercentOfThePaper() throws {
        let model = try SummaryGraphBuilder.mobileNetV3(SummaryGraphBuilder.v3LargeBlocks, lastConv: 960, head: 1280, name: "MobileNetV3Large")
        let summary = try ModelSummary(model: model)
        // Howard et al. 2019, Table 3: MobileNetV3-Large 1.0, 219M MAdds, 5.4M parameters.
        #expect(Self.withinTwoPercent(summary.totals.trainableParams, of: 5.4e6))
        #expect(Self.withinTwoPercent(summary.totals.macs, of: 219e6))
        #expect(summary.separablePairs.count == 15)               // squeeze-and-excite passed through
    }

    @Test func mobileNetV3SmallMatchesKerasCountParamsExactly() throws {
        let model = try SummaryGraphBuilder.mobileNetV3(SummaryGraphBuilder.v3SmallBlocks, lastConv: 576, head: 1024, name: "MobileNetV3Small")
        try Self.expectSameVariablesAsKeras(model, fixture: "v3s_a100_224_c1000")
    }

    @Test func mobileNetV3SmallIsWithinTwoPercentOfThePaper() throws {
        let model = try SummaryGraphBuilder.mobileNetV3(SummaryGraphBuilder.v3SmallBlocks, lastConv: 576, head: 1024, name: "MobileNetV3Small")
        let summary = try ModelSummary(model: model)
        // Howard et al. 2019, Table 4: MobileNetV3-Small 1.0, 56M MAdds, 2.5M parameters.
        #expect(Self.withinTwoPercent(summary.totals.trainableParams, of: 2.5e6))
        #expect(Self.withinTwoPercent(summary.totals.macs, of: 56e6))
        #expect(summary.separablePairs.count == 11)
    }
}
