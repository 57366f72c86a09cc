import Testing
import WeightPortFormat
@testable import WeightPortRuntime

/// Folding, fusion, whole-model runs, layouts and input errors of `InferenceSession`.
@Suite struct SessionTests {
    /// conv → bn → relu6 → depthwise → bn → relu6 → pointwise → bn → gap → dense → softmax.
    static func tinyMobileNet(layout: SourceLayout = .nhwc) -> Model {
        var b = ModelBuilder(seed: 5)
        let stem = b.conv("stem", "x", kernel: (3, 3), cin: 3, cout: 16, .init(strideHeight: 2, strideWidth: 2, padding: .same), bias: false)
        let bn1 = b.batchNorm("stem_bn", stem, channels: 16)
        let relu1 = b.add("stem_relu", .activation(.relu6), [bn1])
        let dw = b.conv("dw", relu1, kernel: (3, 3), cin: 16, cout: 16, .init(padding: .same, groups: 16), bias: false)
        let bn2 = b.batchNorm("dw_bn", dw, channels: 16)
        let relu2 = b.add("dw_relu", .activation(.relu6), [bn2])
        let pw = b.conv("pw", relu2, kernel: (1, 1), cin: 16, cout: 24, bias: false)
        let bn3 = b.batchNorm("pw_bn", pw, channels: 24)
        let gap = b.add("gap", .globalAvgPool(keepDims: false), [bn3])
        let fc = b.add("fc", .dense, [gap], weights: ["kernel": b.tensor("fc/kernel", [24, 10], .denseKernel),
                                                     "bias": b.tensor("fc/bias", [10], .perChannel)])
        b.add("softmax", .softmax, [fc])
        return b.model(input: layout == .nchw ? [-1, 32, 32, 3] : [-1, -1, -1, 3], layout: layout, outputLayout: .plain)
    }

    static func random(_ shape: [Int], seed: UInt64) -> NDArray {
        var rng = SplitMix64(seed: seed)
        return try! NDArray(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float.random(in: -1...1, using: &rng) })
    }

    @Test("A tiny MobileNet (conv-bn-relu6, depthwise, pointwise, gap, dense, softmax) matches the reference")
    func tinyMobileNetMatchesReference() throws {
        try expectMatchesReference(Self.tinyMobileNet(), input: [1, 32, 32, 3], tolerance: 1e-5)
        try expectMatchesReference(Self.tinyMobileNet(), input: [2, 27, 19, 3], tolerance: 1e-5)
    }

    @Test("Batch norm folded into a convolution equals the batch norm run on its own")
    func batchNormFoldingEqualsUnfolded() throws {
        var b = ModelBuilder(seed: 9)
        let conv = b.conv("conv", "x", kernel: (3, 3), cin: 5, cout: 12, .init(padding: .same))
        let bn = b.batchNorm("bn", conv, channels: 12)
        b.add("relu", .activation(.relu), [bn])
        let folded = b.model(input: [-1, -1, -1, 5])
        // Exposing the convolution's output as a second model output forbids the fold.
        let unfolded = b.model(inputs: folded.inputs, outputs: folded.outputs + [ValueInfo(name: conv, shape: [], sourceLayout: .nhwc)])
        let input = Self.random([2, 9, 9, 5], seed: 4)
        let a = try InferenceSession(model: folded).run(input)
        let c = try InferenceSession(model: unfolded).run(["x": input])["relu"]!
        #expect(a.shape == c.shape)
        let worst = zip(a.values, c.values).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-5, "max abs diff \(worst)")
        #expect(a != c, "the folded path should differ in rounding, proving it folded")
    }

    @Test("Batch 3 gives each sample the result of batch 1")
    func batchConsistency() throws {
        let session = try InferenceSession(model: Self.tinyMobileNet())
        let batch = Self.random([3, 24, 24, 3], seed: 8)
        let together = try session.run(batch)
        let sampleSize = 24 * 24 * 3
        for n in 0..<3 {
            let single = try session.run(NDArray(shape: [1, 24, 24, 3], values: Array(batch.values[(n * sampleSize)..<((n + 1) * sampleSize)])))
            let row = Array(together.values[(n * 10)..<((n + 1) * 10)])
            let worst = zip(row, single.values).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-6, "sample \(n): max abs diff \(worst)")
        }
    }

    @Test("Two and three threads give one thread's results, the samples of a batch claimed per thread (a multiple of the threads) or not", arguments: [SourceLayout.nhwc, .nchw])
    func batchSlicesPerThread(_ layout: SourceLayout) throws {
        let one = try InferenceSession(model: Self.tinyMobileNet(layout: layout), options: RuntimeOptions(threads: 1))
        for (threads, batches) in [(2, [8, 4, 3, 1]), (3, [9, 6, 4])] {
            let session = try InferenceSession(model: Self.tinyMobileNet(layout: layout), options: RuntimeOptions(threads: threads))
            for batch in batches {
                let input = Self.random(layout == .nchw ? [batch, 3, 32, 32] : [batch, 32, 32, 3], seed: UInt64(batch))
                let expected = try one.run(input)
                #expect(try session.run(input) == expected, "\(threads) threads, batch \(batch)")
                #expect(try session.run(input) == expected, "\(threads) threads, batch \(batch), cached plans")
            }
        }
        var b = ModelBuilder()
        b.conv("conv", "x", kernel: (3, 3), cin: 3, cout: 4, .init(padding: .same))
        let model = b.model(inputs: [ValueInfo(name: "x", shape: [-1, -1, -1, 3], sourceLayout: layout)],
                            outputs: [ValueInfo(name: "conv", shape: [-1, -1, -1, 4], sourceLayout: layout)])
        let input = Self.random(layout == .nchw ? [2, 3, 5, 6] : [2, 5, 6, 3], seed: 3)
        #expect(try InferenceSession(model: model, options: RuntimeOptions(threads: 2)).run(input)
            == InferenceSession(model: model, options: RuntimeOptions(threads: 1)).run(input))
    }

    @Test("Layer times name every step of the plan in order, each 10th percentile at most its median")
    func layerTimes() throws {
        let session = try InferenceSession(model: Self.tinyMobileNet())
        let times = try session.layerTimes(["x": Self.random([1, 32, 32, 3], seed: 3)], iterations: 12)
        // stem (+bn, relu6), dw (+bn, relu6), pw (+bn), gap, fc, softmax: batch norms and
        // activations fold into their convolution.
        #expect(times.map(\.name) == ["stem", "dw", "pw", "gap", "fc", "softmax"])
        #expect(times.map(\.kernel).contains("depthwise"))
        #expect(times.allSatisfy { $0.p10 <= $0.median && $0.p10 > .zero })
    }

    @Test("Plans are cached per input shape and any resolution the graph allows runs")
    func resolutions() throws {
        let session = try InferenceSession(model: Self.tinyMobileNet())
        for side in [32, 48, 17, 32] {
            let output = try session.run(Self.random([1, side, side, 3], seed: UInt64(side)))
            #expect(output.shape == [1, 10])
        }
    }

    @Test("NCHW sources are transposed at the edges only")
    func nchwEdges() throws {
        let nchw = try InferenceSession(model: Self.tinyMobileNet(layout: .nchw))
        let nhwc = try InferenceSession(model: Self.tinyMobileNet(layout: .nhwc))
        let image = Self.random([2, 32, 32, 3], seed: 12)
        var transposed = NDArray(zeros: [2, 3, 32, 32])
        for n in 0..<2 { for y in 0..<32 { for x in 0..<32 { for c in 0..<3 {
            transposed.values[((n * 3 + c) * 32 + y) * 32 + x] = image.values[((n * 32 + y) * 32 + x) * 3 + c]
        } } } }
        #expect(try nchw.run(transposed) == nhwc.run(image))
    }

    @Test("An NCHW output of rank 4 is returned channels-first")
    func nchwOutput() throws {
        var b = ModelBuilder()
        b.conv("conv", "x", kernel: (1, 1), cin: 3, cout: 4)
        let model = b.model(inputs: [ValueInfo(name: "x", shape: [-1, -1, -1, 3], sourceLayout: .nchw)],
                            outputs: [ValueInfo(name: "conv", shape: [-1, -1, -1, 4], sourceLayout: .nchw)])
        let input = Self.random([1, 3, 2, 5], seed: 1)
        let output = try InferenceSession(model: model).run(input)
        #expect(output.shape == [1, 4, 2, 5])
        let reference = try ReferenceInterpreter.run(model, inputs: ["x": .init(shape: [1, 2, 5, 3], values: (0..<30).map { i in
            let (y, x, c) = (i / 15, (i / 3) % 5, i % 3)
            return input.values[(c * 2 + y) * 5 + x]
        })])["conv"]!
        for c in 0..<4 { for p in 0..<10 {
            #expect(abs(output.values[c * 10 + p] - reference.values[p * 4 + c]) < 1e-5)
        } }
    }

    @Test("A wrong rank or channel count throws naming the input and both shapes")
    func inputShapeErrors() throws {
        let session = try InferenceSession(model: Self.tinyMobileNet())
        #expect(throws: RuntimeError.inputShape(input: "x", expected: [-1, -1, -1, 3], actual: [1, 32, 32])) {
            try session.run(NDArray(zeros: [1, 32, 32]))
        }
        #expect(throws: RuntimeError.inputShape(input: "x", expected: [-1, -1, -1, 3], actual: [1, 32, 32, 4])) {
            try session.run(NDArray(zeros: [1, 32, 32, 4]))
        }
        let nchw = try InferenceSession(model: Self.tinyMobileNet(layout: .nchw))
        #expect(throws: RuntimeError.inputShape(input: "x", expected: [-1, 3, 32, 32], actual: [1, 32, 32, 3])) {
            try nchw.run(NDArray(zeros: [1, 32, 32, 3]))
        }
    }

    @Test("An input too small for the graph throws instead of trapping")
    func unsupportedInputSize() throws {
        var b = ModelBuilder()
        b.conv("conv", "x", kernel: (3, 3), cin: 2, cout: 2)
        let session = try InferenceSession(model: b.model(input: [-1, -1, -1, 2]))
        #expect {
            try session.run(NDArray(zeros: [1, 2, 2, 2]))
        } throws: { error in
            guard case .unsupportedInputSize = error as? RuntimeError else { return false }
            return true
        }
    }

    @Test("Missing, unknown and extra inputs throw by name")
    func inputNameErrors() throws {
        var b = ModelBuilder()
        b.add("sum", .add, ["x", "y"])
        let model = b.model(inputs: [ValueInfo(name: "x", shape: [-1, 2], sourceLayout: .plain),
                                     ValueInfo(name: "y", shape: [-1, 2], sourceLayout: .plain)],
                            outputs: [ValueInfo(name: "sum", shape: [-1, 2], sourceLayout: .plain)])
        let session = try InferenceSession(model: model)
        #expect(throws: RuntimeError.missingInput(name: "y")) { try session.run(["x": NDArray(zeros: [1, 2])]) }
        #expect(throws: RuntimeError.unknownInput(name: "z")) {
            try session.run(["x": NDArray(zeros: [1, 2]), "y": NDArray(zeros: [1, 2]), "z": NDArray(zeros: [1, 2])])
        }
        #expect(throws: RuntimeError.notSingleInputOutput(inputs: ["x", "y"], outputs: ["sum"])) {
            try session.run(NDArray(zeros: [1, 2]))
        }
    }

    @Test("Weights with wrong shapes or missing roles are rejected when the session is built")
    func weightErrors() throws {
        var b = ModelBuilder()
        b.add("conv", .conv2d(.init()), ["x"], weights: ["kernel": b.tensor("k", [1, 1, 3, 4], .convolutionKernel),
                                                          "bias": b.tensor("b", [5], .perChannel)])
        #expect(throws: RuntimeError.weightShape(node: "conv", tensor: "b", shape: [5], expected: "[4]")) {
            try InferenceSession(model: b.model(input: [-1, -1, -1, 3]))
        }
        var c = ModelBuilder()
        c.add("fc", .dense, ["x"])
        #expect(throws: RuntimeError.missingWeight(node: "fc", role: "kernel")) {
            try InferenceSession(model: c.model(input: [-1, 3]))
        }
    }

    @Test("A thread count below one is rejected")
    func invalidThreads() throws {
        #expect(throws: RuntimeError.invalidThreadCount(0)) {
            try InferenceSession(model: Self.tinyMobileNet(), options: RuntimeOptions(threads: 0))
        }
    }
}

/// Fusion of residual adds into the projecting convolution's epilogue.
@Suite struct ResidualFusionTests {
    /// x → 1×1 expand (relu6) → depthwise → 1×1 project (bn) → add(x, ·) [→ relu].
    static func residualBlock(channels: Int, expanded: Int, activationAfterAdd: Bool) -> Model {
        var b = ModelBuilder(seed: 21)
        let expand = b.conv("expand", "x", kernel: (1, 1), cin: channels, cout: expanded)
        let relu = b.add("expand_relu", .activation(.relu6), [expand])
        let dw = b.conv("dw", relu, kernel: (3, 3), cin: expanded, cout: expanded, .init(padding: .same, groups: expanded))
        let project = b.conv("project", dw, kernel: (1, 1), cin: expanded, cout: channels, bias: false)
        let bn = b.batchNorm("project_bn", project, channels: channels)
        let sum = b.add("add", .add, ["x", bn])
        if activationAfterAdd { b.add("relu", .activation(.relu), [sum]) }
        return b.model(input: [-1, -1, -1, channels])
    }

    @Test("A residual add is fused into the projecting convolution and matches the reference", arguments: [
        (8, 24, false), (16, 300, true), (24, 40, true),
    ] as [(Int, Int, Bool)])
    func fusedResidual(_ channels: Int, _ expanded: Int, _ activationAfterAdd: Bool) throws {
        let model = Self.residualBlock(channels: channels, expanded: expanded, activationAfterAdd: activationAfterAdd)
        try expectMatchesReference(model, input: [2, 7, 9, channels])
        let session = try InferenceSession(model: model)
        let plan = try session.plan(for: [[2, 7, 9, channels]])
        #expect(plan.steps.count == 3)
        #expect(!plan.steps.contains { if case .binary = $0 { true } else { false } })
    }

    @Test("An add whose convolution output is also a model output is not fused")
    func exposedBranchIsNotFused() throws {
        let block = Self.residualBlock(channels: 8, expanded: 16, activationAfterAdd: false)
        var b = ModelBuilder()
        b.nodes = block.nodes
        b.tensors = block.tensors
        let model = b.model(inputs: block.inputs, outputs: block.outputs + [ValueInfo(name: "project_bn", shape: [], sourceLayout: .nhwc)])
        let plan = try InferenceSession(model: model).plan(for: [[1, 5, 5, 8]])
        #expect(plan.steps.contains { if case .binary = $0 { true } else { false } })
        try expectMatchesReference(block, input: [1, 5, 5, 8])
    }
}

/// Fusion of `mul(v, gate(v))` (hard swish, swish as ONNX spells them) into the producer.
@Suite struct GateFusionTests {
    @Test("mul(x, hardSigmoid(x)) and mul(sigmoid(x), x) after a convolution fuse into its epilogue", arguments: [
        Activation.hardSigmoid(alpha: 1.0 / 6, beta: 0.5), .hardSigmoid(alpha: 0.2, beta: 0.5), .sigmoid,
    ])
    func gatedActivation(_ gate: Activation) throws {
        var b = ModelBuilder(seed: 4)
        let conv = b.conv("conv", "x", kernel: (3, 3), cin: 4, cout: 24, .init(padding: .same))
        let g = b.add("gate", .activation(gate), [conv])
        b.add("mul", .mul, gate == .sigmoid ? [g, conv] : [conv, g])
        let model = b.model(input: [-1, -1, -1, 4])
        try expectMatchesReference(model, input: [2, 6, 7, 4])
        let plan = try InferenceSession(model: model).plan(for: [[2, 6, 7, 4]])
        #expect(plan.steps.count == 1)
    }

    @Test("A gate whose input is also read elsewhere is not fused")
    func sharedInputIsNotFused() throws {
        var b = ModelBuilder(seed: 4)
        let conv = b.conv("conv", "x", kernel: (1, 1), cin: 4, cout: 8)
        let g = b.add("gate", .activation(.hardSigmoid(alpha: 1.0 / 6, beta: 0.5)), [conv])
        let m = b.add("mul", .mul, [conv, g])
        b.add("sum", .add, [m, conv])
        let model = b.model(input: [-1, -1, -1, 4])
        try expectMatchesReference(model, input: [1, 3, 3, 4])
        #expect(try InferenceSession(model: model).plan(for: [[1, 3, 3, 4]]).steps.count == 4)
    }
}
