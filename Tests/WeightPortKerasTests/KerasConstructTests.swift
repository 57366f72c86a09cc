import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortKeras

/// How the Keras constructs of MobileNet v2/v3 and nested models are translated.
@Suite struct KerasConstructTests {
    static func fixtures(arch: String, framework: String? = nil) -> [Fixtures.Entry] {
        Fixtures.keras.filter { $0.arch == arch && (framework == nil || $0.framework == framework) }
    }

    static let v3 = fixtures(arch: "mobilenet_v3_small") + fixtures(arch: "mobilenet_v3_large")

    @Test(arguments: v3.filter { $0.includePreprocessing != false })
    func v3PreprocessingIsARescaleRightAfterTheInput(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        let first = try #require(model.nodes.first)
        #expect(first.inputs == [model.inputs[0].name])
        #expect(first.op == .rescale(scale: Float(1.0 / 127.5), offset: -1))
    }

    /// Keras 3 `x + 3` / `x * (1/6)` operation nodes and tf.keras `TFOpLambda` constants become
    /// exact `rescale` nodes; the squeeze-and-excite gate multiplies with broadcasting.
    @Test(arguments: v3.filter { $0.minimalistic != true })
    func v3HardSigmoidGatesAreExactRescalesAndABroadcastMul(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        #expect(model.nodes.contains { $0.op == .rescale(scale: 1, offset: 3) })
        #expect(model.nodes.contains { $0.op == .rescale(scale: Float(1.0 / 6.0), offset: 0) })
        let shapes = try model.inferShapes(inputShapes: [model.inputs[0].name: try #require(entry.inputShape)])
        #expect(model.nodes.contains { node in
            node.op == .mul && node.inputs.count == 2 && shapes[node.inputs[0]]?.count == 4
                && shapes[node.inputs[1]]?[1] == 1 && shapes[node.inputs[0]]?[1] != 1
        })
    }

    @Test(arguments: v3.filter { $0.framework == "keras" && $0.minimalistic != true })
    func keras3HardSiluIsHardSwish(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        #expect(model.nodes.contains { $0.op == .activation(.hardSwish) })
    }

    @Test(arguments: fixtures(arch: "mobilenet_v2"))
    func v2ResidualsAreAddsAndStrideTwoDepthwiseConvsArePaddedFirst(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        #expect(model.nodes.contains { $0.op == .add })
        #expect(model.nodes.contains { $0.op == .activation(.relu6) })
        let producers = Dictionary(model.nodes.map { ($0.outputs[0], $0) }, uniquingKeysWith: { first, _ in first })
        let strideTwoDepthwise = model.nodes.filter { node in
            if case let .conv2d(a) = node.op { a.groups > 1 && a.strideHeight == 2 } else { false }
        }
        #expect(!strideTwoDepthwise.isEmpty)
        for node in strideTwoDepthwise {
            #expect(producers[node.inputs[0]]?.op == .pad(top: 0, left: 0, bottom: 1, right: 1, value: 0), "\(node.name)")
        }
    }

    @Test(arguments: fixtures(arch: "nested"))
    func nestedModelsAreInlinedWithOuterSlashInnerNames(_ entry: Fixtures.Entry) throws {
        let model = try Fixtures.model(entry)
        let nested = model.nodes.filter { $0.name.contains("/") && $0.op != .identity }
        #expect(nested.count > 50)
        let outer = try #require(nested.first?.name.split(separator: "/").first)
        #expect(model.tensors.contains { $0.name == "\(outer)/Conv1/kernel" })
        #expect(model.nodes.contains { !$0.name.hasPrefix(outer + "/") && $0.op == .dense })
    }
}
