import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortRuntime

/// One test per `RuntimeError` cause not covered by the session and parity tests.
@Suite struct ErrorTests {
    @Test("A graph that fails validation is an invalid model")
    func invalidModel() throws {
        var b = ModelBuilder()
        b.add("relu", .activation(.relu), ["missing"])
        #expect {
            try InferenceSession(model: b.model(input: [-1, 4]))
        } throws: { error in
            guard case .invalidModel = error as? RuntimeError else { return false }
            return true
        }
    }

    @Test("A non-positive stride is an invalid attribute naming the node")
    func invalidAttributes() throws {
        var b = ModelBuilder()
        b.conv("conv", "x", kernel: (3, 3), cin: 2, cout: 2, .init(strideHeight: 0))
        #expect(throws: RuntimeError.invalidAttributes(node: "conv", reason: "strides, dilations and groups must be positive")) {
            try InferenceSession(model: b.model(input: [-1, -1, -1, 2]))
        }
    }

    @Test("A batch norm over another channel count than its convolution is rejected")
    func batchNormChannelMismatch() throws {
        var b = ModelBuilder()
        let conv = b.conv("conv", "x", kernel: (1, 1), cin: 2, cout: 4)
        b.batchNorm("bn", conv, channels: 3)
        #expect {
            try InferenceSession(model: b.model(input: [-1, -1, -1, 2]))
        } throws: { error in
            guard case let .invalidAttributes(node, _) = error as? RuntimeError else { return false }
            return node == "bn"
        }
    }

    @Test("Negative tolerances are rejected")
    func invalidTolerance() {
        let array = NDArray(zeros: [1, 3])
        #expect(throws: RuntimeError.invalidTolerance(atol: -1, rtol: 0)) {
            try ParityReport(actual: array, expected: array, atol: -1, rtol: 0)
        }
    }

    @Test("A benchmark without iterations is rejected")
    func invalidBenchmark() throws {
        var b = ModelBuilder()
        b.add("relu", .activation(.relu), ["x"])
        let benchmark = try Benchmark(session: InferenceSession(model: b.model(input: [-1, 4])))
        #expect {
            try benchmark.measure(iterations: 0, warmup: 0)
        } throws: { error in
            guard case .invalidBenchmark = error as? RuntimeError else { return false }
            return true
        }
    }

    @Test("Every error message names its subject")
    func messages() {
        #expect(RuntimeError.inputShape(input: "images", expected: [-1, 3, 224, 224], actual: [1, 224, 224, 3]).description
            == "input 'images': got shape [1, 224, 224, 3], expected [-1, 3, 224, 224] (-1: any size)")
        #expect(RuntimeError.weightShape(node: "conv", tensor: "conv/bias", shape: [5], expected: "[4]").description.contains("conv/bias"))
    }
}

/// `Benchmark` and `BenchmarkResult`.
@Suite struct BenchmarkTests {
    @Test("Percentiles use the nearest rank and the median averages the middle pair")
    func percentiles() {
        let result = BenchmarkResult(milliseconds: [5, 1, 4, 2, 3, 6, 7, 8, 9, 10], threads: 2, batch: 1)
        #expect(result.medianMs == 5.5)
        #expect(result.p10Ms == 2)
        #expect(result.p90Ms == 9)
        #expect(result.minMs == 1)
        #expect(result.iterations == 10)
    }

    @Test("JSON uses the documented snake_case keys")
    func jsonKeys() throws {
        let result = BenchmarkResult(milliseconds: [1], threads: 1, batch: 3)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as! [String: Any]
        #expect(Set(object.keys) == ["median_ms", "p10_ms", "p90_ms", "min_ms", "iterations", "threads", "batch"])
    }

    @Test("Measuring runs the model on inputs of the declared shape with the requested batch")
    func measure() throws {
        let session = try InferenceSession(model: SessionTests.tinyMobileNet(layout: .nchw), options: RuntimeOptions(threads: 1))
        let benchmark = try Benchmark(session: session, batch: 2)
        #expect(benchmark.inputs["x"]?.shape == [2, 3, 32, 32])
        let result = try benchmark.measure(iterations: 3, warmup: 1)
        #expect(result.iterations == 3 && result.threads == 1 && result.batch == 2)
        #expect(result.p10Ms <= result.medianMs && result.medianMs <= result.p90Ms)
    }
}
