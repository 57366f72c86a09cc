import Foundation
import Testing
import WeightPortFormat
import WeightPortKeras
import WeightPortRuntime

/// A Keras 3 `Sequential` model with the pooling layers MobileNets do not use
/// (`Fixtures/keras_errors/sequential_pooling.h5`, see its generator).
@Suite struct SequentialImportTests {
    let url = Fixtures.errorFile("sequential_pooling.h5")

    @Test func aSequentialStackBecomesAChainNamedAfterItsLayers() throws {
        let model = try KerasImporter.importModel(at: url)
        #expect(model.inputs.map(\.name) == ["input_layer"])
        #expect(model.nodes.map(\.name) == ["conv", "conv/activation", "max_pool", "depthwise", "avg_pool",
                                             "global_max", "global_max/flatten", "logits", "logits/activation"])
        #expect(model.outputs.map(\.name) == ["logits"])
    }

    @Test func globalMaxPoolingIsAWholeImageMaxPoolThenFlatten() throws {
        let model = try KerasImporter.importModel(at: url)
        let shapes = try model.inferShapes(inputShapes: ["input_layer": [2, 17, 17, 3]])
        let pool = try #require(model.nodes.first { $0.name == "global_max" })
        #expect(pool.op == .maxPool(PoolAttributes(kernelHeight: 3, kernelWidth: 3, strideHeight: 3, strideWidth: 3)))
        #expect(shapes["global_max"] == [2, 12])
    }

    @Test func theSequentialModelReproducesKerasOutputs() throws {
        let model = try KerasImporter.importModel(at: url)
        let inputs = try NpyFile.read(contentsOf: Fixtures.errorFile("sequential_pooling.inputs.npy"))
        let expected = try NpyFile.read(contentsOf: Fixtures.errorFile("sequential_pooling.logits.npy"))
        let report = try ParityReport(actual: try InferenceSession(model: model, options: RuntimeOptions(threads: 1)).run(inputs),
                                      expected: expected, atol: 1e-5, rtol: 0)
        #expect(report.passed, "\(report)")
    }
}
