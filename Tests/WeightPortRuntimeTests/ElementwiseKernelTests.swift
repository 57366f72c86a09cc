import Testing
import WeightPortFormat
@testable import WeightPortRuntime

/// Pooling, element-wise, shape and normalisation kernels against the reference interpreter.
@Suite struct ElementwiseKernelTests {
    static let activations: [Activation] = [
        .relu, .relu6, .clip(min: -0.5, max: 1.5), .hardSigmoid(alpha: 1.0 / 6, beta: 0.5), .hardSigmoid(alpha: 0.2, beta: 0.5),
        .hardSwish, .sigmoid, .swish,
    ]

    @Test("Every activation matches the reference standalone", arguments: activations)
    func standaloneActivation(_ activation: Activation) throws {
        var builder = ModelBuilder()
        builder.add("act", .activation(activation), ["x"])
        try expectMatchesReference(builder.model(input: [-1, -1, -1, 11]), input: [2, 3, 5, 11], tolerance: 1e-6)
    }

    @Test("Every activation matches the reference fused into a convolution epilogue", arguments: activations)
    func fusedActivation(_ activation: Activation) throws {
        var builder = ModelBuilder()
        let conv = builder.conv("conv", "x", kernel: (1, 1), cin: 8, cout: 21)
        builder.add("act", .activation(activation), [conv])
        try expectMatchesReference(builder.model(input: [-1, -1, -1, 8]), input: [1, 7, 5, 8])
    }

    @Test("Global average pooling matches the reference with and without kept dimensions", arguments: [true, false])
    func globalAveragePool(_ keepDims: Bool) throws {
        var builder = ModelBuilder()
        builder.add("gap", .globalAvgPool(keepDims: keepDims), ["x"])
        try expectMatchesReference(builder.model(input: [-1, -1, -1, 19]), input: [3, 7, 6, 19], tolerance: 1e-6)
    }

    /// Enough pixels for the two half sums to run on two threads (56K values per image, an odd
    /// height so that the halves split a row): the reference's result, and one thread's exactly.
    @Test("Global average pooling over two threads matches the reference and one thread's result")
    func globalAveragePoolOnTwoThreads() throws {
        var builder = ModelBuilder()
        builder.add("gap", .globalAvgPool(keepDims: true), ["x"])
        let model = builder.model(input: [-1, -1, -1, 72])
        try expectMatchesReference(model, input: [2, 27, 29, 72], tolerance: 1e-6)
        var rng = SplitMix64(seed: 11)
        let input = try NDArray(shape: [2, 27, 29, 72], values: (0..<(2 * 27 * 29 * 72)).map { _ in Float.random(in: -1...1, using: &rng) })
        let one = try InferenceSession(model: model, options: RuntimeOptions(threads: 1)).run(input)
        let two = try InferenceSession(model: model, options: RuntimeOptions(threads: 2)).run(input)
        #expect(one == two)
    }

    @Test("Average and max pooling match the reference with padding", arguments: [
        PoolAttributes(kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 2, padding: .same),
        PoolAttributes(kernelHeight: 3, kernelWidth: 3, strideHeight: 1, strideWidth: 1, padding: .same, countIncludesPadding: true),
        PoolAttributes(kernelHeight: 2, kernelWidth: 3, strideHeight: 2, strideWidth: 1,
                       padding: .explicit(top: 1, left: 0, bottom: 0, right: 2)),
        PoolAttributes(kernelHeight: 7, kernelWidth: 7, strideHeight: 1, strideWidth: 1),
    ])
    func pools(_ attributes: PoolAttributes) throws {
        for op in [Op.avgPool(attributes), .maxPool(attributes)] {
            var builder = ModelBuilder()
            builder.add("pool", op, ["x"])
            try expectMatchesReference(builder.model(input: [-1, -1, -1, 13]), input: [2, 9, 8, 13], tolerance: 1e-6)
        }
    }

    @Test("Add and mul broadcast like NumPy, including squeeze-and-excite gating", arguments: [
        ([2, 3, 4, 5], [2, 3, 4, 5]), ([2, 3, 4, 5], [5]), ([2, 6, 6, 16], [2, 1, 1, 16]), ([2, 1, 1, 16], [2, 6, 6, 16]),
        ([2, 1, 4, 1], [1, 3, 1, 5]), ([2, 3, 4, 5], [2, 3, 4, 1]), ([3, 7], [1, 7]), ([2, 5, 5, 3], [1]),
    ] as [([Int], [Int])])
    func broadcasting(_ a: [Int], _ b: [Int]) throws {
        for op in [Op.add, .mul] {
            var builder = ModelBuilder()
            builder.add("op", op, ["x", "y"])
            let model = builder.model(inputs: [ValueInfo(name: "x", shape: a.map { _ in -1 }, sourceLayout: .plain),
                                               ValueInfo(name: "y", shape: b.map { _ in -1 }, sourceLayout: .plain)],
                                      outputs: [ValueInfo(name: "op", shape: [], sourceLayout: .plain)])
            var rng = SplitMix64(seed: 11)
            let x = builder.random(a.reduce(1, *)), y = (0..<b.reduce(1, *)).map { _ in Float.random(in: -1...1, using: &rng) }
            let actual = try InferenceSession(model: model).run(["x": NDArray(shape: a, values: x), "y": NDArray(shape: b, values: y)])["op"]!
            let expected = try ReferenceInterpreter.run(model, inputs: ["x": .init(shape: a, values: x), "y": .init(shape: b, values: y)])["op"]!
            #expect(actual.shape == expected.shape)
            #expect(actual.values == expected.values)
        }
    }

    @Test("Squeeze-and-excite block (gap → 1×1 convs → hard sigmoid → mul) matches the reference")
    func squeezeExcite() throws {
        var builder = ModelBuilder()
        let gap = builder.add("gap", .globalAvgPool(keepDims: true), ["x"])
        let reduce = builder.conv("reduce", gap, kernel: (1, 1), cin: 24, cout: 8)
        let relu = builder.add("relu", .activation(.relu), [reduce])
        let expand = builder.conv("expand", relu, kernel: (1, 1), cin: 8, cout: 24)
        let gate = builder.add("gate", .activation(.hardSigmoid(alpha: 1.0 / 6, beta: 0.5)), [expand])
        builder.add("scale", .mul, ["x", gate])
        try expectMatchesReference(builder.model(input: [-1, -1, -1, 24]), input: [3, 5, 5, 24])
    }

    @Test("Rescale, pad, reshape, flatten, identity and softmax match the reference")
    func shapeAndScalarOps() throws {
        var builder = ModelBuilder()
        let scaled = builder.add("rescale", .rescale(scale: 1.0 / 127.5, offset: -1), ["x"])
        let padded = builder.add("pad", .pad(top: 1, left: 2, bottom: 0, right: 1, value: 0.25), [scaled])
        let same = builder.add("dropout", .identity, [padded])
        let reshaped = builder.add("reshape", .reshape(shape: [-1, 3]), [same])
        builder.add("flatten", .flatten, [reshaped])
        try expectMatchesReference(builder.model(input: [-1, -1, -1, 3]), input: [2, 4, 5, 3], tolerance: 1e-6)
    }

    @Test("Softmax is numerically stable on large logits and matches the reference")
    func softmax() throws {
        var builder = ModelBuilder()
        let big = builder.add("big", .rescale(scale: 1000, offset: 500), ["x"])
        builder.add("softmax", .softmax, [big])
        try expectMatchesReference(builder.model(input: [-1, 10]), input: [4, 10], tolerance: 1e-6)
    }

    @Test("A lone batch norm runs as a per-channel scale and shift")
    func standaloneBatchNorm() throws {
        var builder = ModelBuilder()
        let bn = builder.batchNorm("bn", "x", channels: 12)
        builder.add("relu", .activation(.relu6), [bn])
        try expectMatchesReference(builder.model(input: [-1, -1, -1, 12]), input: [2, 3, 3, 12])
    }
}
