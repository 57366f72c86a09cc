import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortKeras

/// Legacy full-model `.h5` files (`model.save("m.h5")`) of Keras 3 and tf.keras 2.
@Suite struct LegacyH5ImportTests {
    /// Values read independently with h5py 3.14 from `mobilenet_v1_a025_128_k3.h5`:
    /// `f["model_weights/conv1/conv1/kernel"][0,0,0,0]` = -0.18253922, `[2,1,2,7]` = -0.3189428;
    /// `f["model_weights/conv_dw_1/conv_dw_1/kernel"][1,2,5,0]` = -0.81273085 (shape (3,3,8,1));
    /// `.../conv_pw_13_bn/moving_variance[17]` = 1.3352193; `.../conv_preds/bias[3]` = 0.025632415,
    /// `.../conv_preds/kernel[0,0,100,9]` = 0.15754177.
    @Test func kernelsAndStatisticsEqualTheValuesH5pyReads() throws {
        let entry = try #require(Fixtures.entries.first { $0.id == "mobilenet_v1_a025_128_k3" })
        let model = try Fixtures.model(entry)
        let conv = try #require(model.tensor(named: "conv1/kernel"))
        #expect(conv.shape == [3, 3, 3, 8])
        #expect(conv.value(at: [0, 0, 0, 0]) == -0.18253922)
        #expect(conv.value(at: [2, 1, 2, 7]) == -0.3189428)
        let depthwise = try #require(model.tensor(named: "conv_dw_1/kernel"))
        #expect(depthwise.shape == [3, 3, 1, 8])
        #expect(depthwise.value(at: [1, 2, 0, 5]) == -0.81273085)
        #expect(try #require(model.tensor(named: "conv_pw_13_bn/moving_variance")).value(at: [17]) == 1.3352193)
        #expect(try #require(model.tensor(named: "conv_preds/bias")).value(at: [3]) == 0.025632415)
        #expect(try #require(model.tensor(named: "conv_preds/kernel")).value(at: [0, 0, 100, 9]) == 0.15754177)
    }

    /// tf.keras names the depthwise variable `depthwise_kernel:0`; the tensor keeps that name
    /// without `:0`. Same value as the Keras 3 twin (h5py: `.../depthwise_kernel:0`[1,2,5,0]).
    @Test func tfKerasWeightNamesLoseOnlyTheirSuffix() throws {
        let entry = try #require(Fixtures.entries.first { $0.id == "mobilenet_v1_a025_128_softmax_tfk" })
        let model = try Fixtures.model(entry)
        let depthwise = try #require(model.tensor(named: "conv_dw_1/depthwise_kernel"))
        #expect(depthwise.value(at: [1, 2, 0, 5]) == -0.81273085)
        #expect(model.tensors.allSatisfy { !$0.name.hasSuffix(":0") })
    }

    @Test func activationAttributesBecomeSeparateNodesAndValuesKeepLayerNames() throws {
        let entry = try #require(Fixtures.entries.first { $0.id == "mobilenet_v1_a025_128_softmax_tfk" })
        let model = try Fixtures.model(entry)
        let predictions = try #require(model.nodes.last)
        #expect(predictions.op == .softmax)
        #expect(predictions.outputs == ["predictions"])
        #expect(model.outputs.map(\.name) == ["predictions"])
        #expect(model.nodes.contains { $0.name == "conv1_relu" && $0.op == .activation(.relu6) })
        #expect(model.nodes.contains { $0.name == "conv_pad_2" && $0.op == .pad(top: 0, left: 0, bottom: 1, right: 1, value: 0) })
    }
}
