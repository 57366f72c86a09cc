import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortONNX

/// Translation rules the MobileNet exports do not exercise, on the hand-built coverage graph
/// `Fixtures/onnx/coverage/ops_nhwc_op13.onnx` (NHWC input as tf2onnx makes them, opset 13).
@Suite struct ONNXTranslationRuleTests {
    static let coverage = coverage(opset: 13)

    /// The coverage graph written for `opset` (11, 13 or 18).
    static func coverage(opset: Int) -> URL {
        ONNXFixtures.root.appendingPathComponent("onnx/coverage/ops_nhwc_op\(opset).onnx")
    }

    private func model() throws -> Model { try ONNXImporter.importModel(at: Self.coverage) }

    private func node(_ name: String, in model: Model) throws -> Node {
        try #require(model.nodes.first { $0.name == name }, "no node '\(name)'")
    }

    @Test(arguments: [11, 18])
    func axesGivenAsAttributesOrInputsTranslateAlike(opset: Int) throws {
        let other = try ONNXImporter.importModel(at: Self.coverage(opset: opset))
        let reference = try model()
        #expect(other.nodes.map(\.op) == reference.nodes.map(\.op))
        #expect(other.nodes.map(\.name) == reference.nodes.map(\.name))
    }

    @Test func anInputTransposedFromNHWCKeepsItsNHWCLayout() throws {
        let model = try model()
        #expect(model.inputs == [ValueInfo(name: "x", shape: [-1, 16, 16, 3], sourceLayout: .nhwc)])
        #expect(model.outputs == [ValueInfo(name: "probs", shape: [-1, 10], sourceLayout: .plain),
                                  ValueInfo(name: "logits_id", shape: [-1, 10], sourceLayout: .plain)])
    }

    @Test func transposePairsCancelWithoutNodes() throws {
        let model = try model()
        #expect(!model.nodes.contains { ["to_nchw", "to_nhwc", "back_to_nchw"].contains($0.name) })
        #expect(try node("sigmoid", in: model).inputs == ["dw"])
    }

    @Test func padWithAValueBecomesSpatialPad() throws {
        #expect(try node("pad", in: try model()).op == .pad(top: 1, left: 2, bottom: 3, right: 1, value: 0.5))
    }

    @Test func sameLowerPutsTheExtraPixelTopLeft() throws {
        // Padded input 20×19, 3×3 kernel, stride 2, 10×10 outputs: rows need 1 pixel (SAME_LOWER:
        // at the top), columns 2 (one each side).
        guard case let .conv2d(attributes) = try node("stem", in: try model()).op else { Issue.record("stem is no conv"); return }
        #expect(attributes.padding == .explicit(top: 1, left: 1, bottom: 0, right: 1))
        #expect(attributes.strideHeight == 2)
    }

    @Test func asymmetricPadsAndDilationAreKept() throws {
        guard case let .conv2d(attributes) = try node("depthwise", in: try model()).op else { Issue.record("no conv"); return }
        #expect(attributes.padding == .explicit(top: 1, left: 2, bottom: 1, right: 0))
        #expect(attributes.dilationHeight == 2 && attributes.groups == 8)
    }

    @Test func perChannelConstantsBecomeExactBatchNorms() throws {
        let model = try model()
        let add = try node("add_channel", in: model)
        #expect(add.op == .batchNorm(epsilon: 0))
        #expect(try model.weight("beta", of: add)?.name == "shift")
        #expect(try model.weight("variance", of: add)?.floatValues() == Array(repeating: 1, count: 8))
        let mul = try node("mul_channel", in: model)
        #expect(try model.weight("gamma", of: mul)?.name == "gain")
        #expect(try node("fc_bias", in: model).op == .batchNorm(epsilon: 0))
    }

    @Test func scalarConstantsBecomeRescale() throws {
        #expect(try node("sub_scalar", in: try model()).op == .rescale(scale: 1, offset: -0.25))
    }

    @Test func generalClipKeepsItsBounds() throws {
        #expect(try node("clip", in: try model()).op == .activation(.clip(min: -1, max: 4)))
    }

    @Test func reduceMeanOverSpatialAxesIsGlobalAveragePooling() throws {
        let model = try model()
        #expect(try node("se_pool", in: model).op == .globalAvgPool(keepDims: true))
        #expect(try node("mean_flat", in: model).op == .globalAvgPool(keepDims: false))
    }

    @Test func aShapeChainWithADynamicBatchFoldsIntoAFlatten() throws {
        let model = try model()
        #expect(try node("reshape", in: model).op == .flatten)
        #expect(!model.nodes.contains { ["shape", "gather_batch", "unsqueeze_batch", "concat_target"].contains($0.name) })
    }

    @Test func gemmAlphaAndBetaAreFoldedIntoTheWeights() throws {
        let model = try model()
        let head = try node("head", in: model)
        #expect(head.op == .dense)
        let kernel = try #require(try model.weight("kernel", of: head))
        #expect(kernel.shape == [12, 10] && kernel.layout == .denseKernel)
        #expect(try model.weight("bias", of: head)?.shape == [10])
    }

    @Test func squeezeUnsqueezeDropoutCastAndIdentityKeepTheValue() throws {
        let model = try model()
        #expect(try node("dropout", in: model).op == .identity)
        #expect(try node("cast", in: model).op == .identity)
        #expect(try node("unsqueeze", in: model).op == .reshape(shape: [1, 1, 10]))
        #expect(try node("squeeze", in: model).op == .flatten)
        #expect(try node("softmax", in: model).op == .softmax)
    }
}
