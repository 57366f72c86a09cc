import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortONNX

/// Every ONNX fixture imports into a valid canonical model that keeps the source's names, layout,
/// precision and weight count.
@Suite struct ONNXFixtureImportTests {
    @Test func theManifestListsTheFixtures() {
        #expect(ONNXFixtures.entries.count >= 8)
    }

    @Test(arguments: ONNXFixtures.entries)
    func everyFixtureImportsIntoAValidModel(_ entry: ONNXFixtures.Entry) throws {
        let model = try ONNXFixtures.model(entry)
        try model.validate()
        #expect(model.inputs.count == 1)
        #expect(model.outputs.count == 1)
        let shapes = try model.inferShapes(inputShapes: [model.inputs[0].name: [3, entry.inputSize, entry.inputSize, 3]])
        #expect(shapes[model.outputs[0].name] == [3, entry.classes])
    }

    @Test(arguments: ONNXFixtures.entries)
    func storedWeightsCountWhatTheManifestCounts(_ entry: ONNXFixtures.Entry) throws {
        let model = try ONNXFixtures.model(entry)
        #expect(model.tensors.reduce(0) { $0 + $1.elementCount } == entry.paramCount)
    }

    @Test(arguments: ONNXFixtures.entries)
    func inputsAreNHWCWithNCHWSourceLayout(_ entry: ONNXFixtures.Entry) throws {
        let model = try ONNXFixtures.model(entry)
        let input = try #require(model.inputs.first)
        #expect(input.sourceLayout == .nchw)
        #expect(Array(input.shape.dropFirst()) == [entry.inputSize, entry.inputSize, 3])
        #expect(model.outputs.first?.sourceLayout == .plain)
    }

    @Test(arguments: ONNXFixtures.entries)
    func provenanceRecordsTheSourceFileAndProducer(_ entry: ONNXFixtures.Entry) throws {
        let model = try ONNXFixtures.model(entry)
        #expect(model.provenance.sourceFormat == "onnx")
        #expect(model.provenance.sourceFile == entry.url.lastPathComponent)
        #expect(model.provenance.sourceSHA256 == entry.sha256)
        #expect(model.provenance.frameworkVersion?.hasPrefix("pytorch") == true)
    }

    @Test func aSymbolicBatchBecomesMinusOne() throws {
        let entry = try #require(ONNXFixtures.entry("mobilenet_v2_legacy_op13_dynamic_batch"))
        let model = try ONNXFixtures.model(entry)
        #expect(model.inputs.first?.shape == [-1, 96, 96, 3])
        #expect(model.outputs.first?.shape == [-1, 10])
        let fixed = try ONNXFixtures.model("mobilenet_v2_legacy_op13")
        #expect(fixed.inputs.first?.shape == [1, 96, 96, 3])
    }

    @Test func initializersListedAsGraphInputsAreWeights() throws {
        let entry = try #require(ONNXFixtures.entries.first { $0.keepInitializersAsInputs })
        let model = try ONNXFixtures.model(entry)
        #expect(model.inputs.map(\.name) == ["input"])
        let reference = try ONNXFixtures.model("mobilenet_v3_small_legacy_op13")
        #expect(model.tensors.count == reference.tensors.count)
        #expect(model.nodes.map(\.op) == reference.nodes.map(\.op))
    }

    @Test func externalDataLoadsTheSameWeightsAsEmbeddedData() throws {
        let external = try ONNXFixtures.model(try #require(ONNXFixtures.entries.first { $0.externalData }))
        let embedded = try ONNXFixtures.model("mobilenet_v2_legacy_op13")
        #expect(external.tensors.count == embedded.tensors.count)
        for (a, b) in zip(external.tensors, embedded.tensors) {
            #expect(a.name == b.name && a.shape == b.shape && a.floatValues() == b.floatValues())
        }
    }

    @Test func float16WeightsStayFloat16() throws {
        let entry = try #require(ONNXFixtures.entries.first { $0.weightsDtype == "float16" })
        let model = try ONNXFixtures.model(entry)
        #expect(!model.tensors.isEmpty)
        #expect(model.tensors.allSatisfy { $0.dtype == .float16 })
        #expect(!model.nodes.contains { $0.op == .identity })
    }

    @Test func convolutionKernelsAreStoredHeightWidthInOut() throws {
        let model = try ONNXFixtures.model("mobilenet_v2_legacy_op13")
        let first = try #require(model.nodes.first)
        guard case let .conv2d(attributes) = first.op else { Issue.record("first node is \(first.op)"); return }
        let kernel = try #require(try model.weight("kernel", of: first))
        #expect(kernel.layout == .convolutionKernel)
        #expect(kernel.shape == [3, 3, 3, 8])
        #expect(attributes.strideHeight == 2 && attributes.padding == .explicit(top: 1, left: 1, bottom: 1, right: 1))
        let depthwise = try #require(model.nodes.first { if case let .conv2d(a) = $0.op { a.groups > 1 } else { false } })
        #expect(try model.weight("kernel", of: depthwise)?.shape[2] == 1)
    }

    @Test func batchNormalizationStaysBatchNorm() throws {
        let model = try ONNXFixtures.model("mobilenet_v3_small_dynamo_op18_unoptimized")
        let norms = model.nodes.filter { if case .batchNorm = $0.op { true } else { false } }
        #expect(norms.count == 34)
        #expect(norms.allSatisfy { Set($0.weights.keys) == ["gamma", "beta", "mean", "variance"] })
    }

    @Test func clipZeroSixBecomesRelu6() throws {
        let model = try ONNXFixtures.model("mobilenet_v2_legacy_op13")
        #expect(model.nodes.filter { $0.op == .activation(.relu6) }.count == 35)
    }

    @Test func nodeNamesComeFromTheSource() throws {
        let model = try ONNXFixtures.model("mobilenet_v2_legacy_op13")
        #expect(model.nodes.first?.name == "/features/features.0/features.0.0/Conv")
        #expect(model.tensors.contains { $0.name == "classifier.1.weight" })
    }
}
