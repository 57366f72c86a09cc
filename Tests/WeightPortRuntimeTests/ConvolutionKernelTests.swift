import Testing
import WeightPortFormat
@testable import WeightPortRuntime

/// Convolution and dense kernels against the reference interpreter.
@Suite struct ConvolutionKernelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: [Int]
        var kernel: (Int, Int)
        var cout: Int
        var attributes: Conv2DAttributes
        var testDescription: String { "in \(input) k \(kernel) cout \(cout) \(attributes)" }
    }

    @Test("Pointwise 1×1 convolution (packed GEMM) matches the reference", arguments: [
        Case(input: [1, 5, 7, 13], kernel: (1, 1), cout: 19, attributes: .init()),
        Case(input: [2, 8, 8, 32], kernel: (1, 1), cout: 64, attributes: .init()),
        Case(input: [3, 1, 1, 40], kernel: (1, 1), cout: 24, attributes: .init()),
        Case(input: [1, 17, 9, 300], kernel: (1, 1), cout: 35, attributes: .init()),
    ])
    func pointwise(_ c: Case) throws {
        var builder = ModelBuilder()
        builder.conv("pw", "x", kernel: c.kernel, cin: c.input[3], cout: c.cout, c.attributes)
        try expectMatchesReference(builder.model(input: [-1, -1, -1, c.input[3]]), input: c.input)
    }

    @Test("General convolution (im2col + GEMM) matches the reference for strides, paddings and dilations", arguments: [
        Case(input: [1, 15, 17, 3], kernel: (3, 3), cout: 16, attributes: .init(strideHeight: 2, strideWidth: 2, padding: .same)),
        Case(input: [2, 16, 16, 3], kernel: (3, 3), cout: 32, attributes: .init(strideHeight: 2, strideWidth: 2, padding: .same)),
        Case(input: [1, 9, 10, 5], kernel: (3, 3), cout: 7, attributes: .init(padding: .explicit(top: 1, left: 0, bottom: 2, right: 1))),
        Case(input: [1, 12, 12, 4], kernel: (3, 3), cout: 8, attributes: .init(dilationHeight: 2, dilationWidth: 2, padding: .same)),
        Case(input: [1, 11, 11, 6], kernel: (5, 5), cout: 9, attributes: .init(strideHeight: 2, strideWidth: 1)),
        Case(input: [1, 8, 8, 16], kernel: (1, 1), cout: 8, attributes: .init(strideHeight: 2, strideWidth: 2)),
        // A window longer than one reduction block (3·3·40 = 360): one pass per kernel row.
        Case(input: [1, 10, 12, 40], kernel: (3, 3), cout: 24, attributes: .init(padding: .same)),
    ])
    func general(_ c: Case) throws {
        var builder = ModelBuilder()
        builder.conv("conv", "x", kernel: c.kernel, cin: c.input[3], cout: c.cout, c.attributes)
        try expectMatchesReference(builder.model(input: [-1, -1, -1, c.input[3]]), input: c.input)
    }

    @Test("Grouped convolution matches the reference", arguments: [
        Case(input: [1, 7, 7, 8], kernel: (3, 3), cout: 12, attributes: .init(padding: .same, groups: 2)),
        Case(input: [2, 6, 5, 12], kernel: (1, 1), cout: 8, attributes: .init(groups: 4)),
        Case(input: [1, 9, 9, 6], kernel: (3, 3), cout: 12, attributes: .init(strideHeight: 2, strideWidth: 2, padding: .same, groups: 6)),
    ])
    func grouped(_ c: Case) throws {
        var builder = ModelBuilder()
        builder.conv("grouped", "x", kernel: c.kernel, cin: c.input[3], cout: c.cout, c.attributes)
        try expectMatchesReference(builder.model(input: [-1, -1, -1, c.input[3]]), input: c.input)
    }

    @Test("Depthwise convolution matches the reference for 3×3 and 5×5, strides 1 and 2, any padding, narrow and wide rows", arguments: [
        Case(input: [1, 8, 8, 8], kernel: (3, 3), cout: 8, attributes: .init(padding: .same, groups: 8)),
        Case(input: [2, 9, 7, 13], kernel: (3, 3), cout: 13, attributes: .init(strideHeight: 2, strideWidth: 2, padding: .same, groups: 13)),
        Case(input: [1, 10, 10, 32], kernel: (3, 3), cout: 32,
             attributes: .init(strideHeight: 2, strideWidth: 2, padding: .explicit(top: 0, left: 0, bottom: 1, right: 1), groups: 32)),
        Case(input: [1, 11, 12, 24], kernel: (5, 5), cout: 24, attributes: .init(padding: .same, groups: 24)),
        Case(input: [1, 14, 14, 20], kernel: (5, 5), cout: 20, attributes: .init(strideHeight: 2, strideWidth: 2, padding: .same, groups: 20)),
        Case(input: [1, 6, 6, 9], kernel: (3, 3), cout: 9, attributes: .init(groups: 9)),
        Case(input: [1, 9, 9, 16], kernel: (3, 3), cout: 16, attributes: .init(dilationHeight: 2, dilationWidth: 2, padding: .same, groups: 16)),
        Case(input: [1, 3, 3, 8], kernel: (5, 5), cout: 8, attributes: .init(padding: .same, groups: 8)),
        Case(input: [1, 18, 21, 24], kernel: (3, 3), cout: 24, attributes: .init(padding: .same, groups: 24)),
        Case(input: [2, 20, 35, 13], kernel: (5, 5), cout: 13, attributes: .init(strideHeight: 2, strideWidth: 2, padding: .same, groups: 13)),
        Case(input: [1, 17, 40, 16], kernel: (3, 3), cout: 16,
             attributes: .init(strideHeight: 2, strideWidth: 2, padding: .explicit(top: 0, left: 0, bottom: 1, right: 1), groups: 16)),
        // Fewer than 8 rows and enough work: the 2 threads split channel chunks, not rows (the
        // second with a 4-channel tail).
        Case(input: [1, 7, 7, 72], kernel: (5, 5), cout: 72, attributes: .init(padding: .same, groups: 72)),
        Case(input: [1, 6, 9, 100], kernel: (3, 3), cout: 100, attributes: .init(padding: .same, groups: 100)),
        // Enough rows to split by row, and channels for one-pixel tiles of four 16-lane vectors
        // (two groups and an 8-channel tail at 136).
        Case(input: [1, 9, 9, 80], kernel: (5, 5), cout: 80, attributes: .init(padding: .same, groups: 80)),
        Case(input: [1, 11, 10, 136], kernel: (3, 3), cout: 136, attributes: .init(strideHeight: 2, strideWidth: 2, padding: .same, groups: 136)),
        // Weights beyond `blockedWeightBytes` (5 × 5 × 520 floats, 52 KB): the rows in blocks of
        // 64 channels, the last of 8.
        Case(input: [1, 9, 8, 520], kernel: (5, 5), cout: 520, attributes: .init(padding: .same, groups: 520)),
    ])
    func depthwise(_ c: Case) throws {
        var builder = ModelBuilder()
        builder.conv("dw", "x", kernel: c.kernel, cin: c.input[3], cout: c.cout, c.attributes)
        try expectMatchesReference(builder.model(input: [-1, -1, -1, c.input[3]]), input: c.input)
    }

    @Test("Dense matches the reference on rank-2 and rank-4 inputs, with and without bias", arguments: [
        ([1, 37], 10, true), ([4, 100], 1000, true), ([2, 1, 1, 24], 7, false), ([5, 1280], 17, true),
    ] as [([Int], Int, Bool)])
    func dense(_ input: [Int], _ outputs: Int, _ bias: Bool) throws {
        var builder = ModelBuilder()
        var weights = ["kernel": builder.tensor("fc/kernel", [input.last!, outputs], .denseKernel, in: -0.2...0.2)]
        if bias { weights["bias"] = builder.tensor("fc/bias", [outputs], .perChannel) }
        builder.add("fc", .dense, ["x"], weights: weights)
        try expectMatchesReference(builder.model(input: [-1] + input.dropFirst()), input: input)
    }

    @Test("Float16 weights are widened to float32")
    func float16Weights() throws {
        var builder = ModelBuilder()
        builder.conv("conv", "x", kernel: (3, 3), cin: 4, cout: 8, .init(padding: .same), float16: true)
        try expectMatchesReference(builder.model(input: [-1, -1, -1, 4]), input: [1, 6, 6, 4])
    }

    @Test("One thread and two threads give identical results")
    func threadCountDoesNotChangeResults() throws {
        var builder = ModelBuilder()
        let conv = builder.conv("conv", "x", kernel: (3, 3), cin: 3, cout: 32, .init(strideHeight: 2, strideWidth: 2, padding: .same))
        let dw = builder.conv("dw", conv, kernel: (3, 3), cin: 32, cout: 32, .init(padding: .same, groups: 32))
        builder.conv("pw", dw, kernel: (1, 1), cin: 32, cout: 40)
        let model = builder.model(input: [-1, -1, -1, 3])
        var rng = SplitMix64(seed: 3)
        let input = try NDArray(shape: [2, 64, 64, 3], values: (0..<(2 * 64 * 64 * 3)).map { _ in Float.random(in: -1...1, using: &rng) })
        let one = try InferenceSession(model: model, options: RuntimeOptions(threads: 1)).run(input)
        let two = try InferenceSession(model: model, options: RuntimeOptions(threads: 2)).run(input)
        #expect(one == two)
    }
}
