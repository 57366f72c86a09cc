import Testing
import WeightPortFormat
@testable import WeightPortRuntime

/// The fused depthwise block (expand → depthwise → project, computed row by row) against the
/// reference interpreter, with fusion forced at every size.
@Suite struct DepthwiseBlockTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: [Int]
        var expansion: Int?
        var kernel: Int
        var stride: Int
        var output: Int?
        var residual: Bool
        var testDescription: String {
            "in \(input) expand \(expansion.map(String.init) ?? "–") k\(kernel)/\(stride) project \(output.map(String.init) ?? "–")"
                + (residual ? " +residual" : "")
        }
    }

    /// `x → [1×1 expand + BN + relu6] → k×k depthwise + BN + relu6 → [1×1 project + BN] → [+ x]`.
    static func block(_ c: Case) -> Model {
        var builder = ModelBuilder(seed: 11)
        let channels = c.input[3]
        var value = "x", width = channels
        if let expansion = c.expansion {
            value = builder.conv("expand", value, kernel: (1, 1), cin: channels, cout: expansion, bias: false)
            value = builder.batchNorm("expand_bn", value, channels: expansion)
            value = builder.add("expand_relu", .activation(.relu6), [value])
            width = expansion
        }
        value = builder.conv("dw", value, kernel: (c.kernel, c.kernel), cin: width, cout: width,
                             .init(strideHeight: c.stride, strideWidth: c.stride, padding: .same, groups: width), bias: false)
        value = builder.batchNorm("dw_bn", value, channels: width)
        value = builder.add("dw_relu", .activation(.relu6), [value])
        if let output = c.output {
            value = builder.conv("project", value, kernel: (1, 1), cin: width, cout: output, bias: false)
            value = builder.batchNorm("project_bn", value, channels: output)
            if c.residual { builder.add("add", .add, [value, "x"]) }
        }
        return builder.model(input: [-1, -1, -1, channels])
    }

    static let fuseAll: RuntimeOptions = {
        var options = RuntimeOptions(threads: 2)
        options.fusesEveryDepthwiseBlock = true
        return options
    }()

    @Test("A fused block matches the reference: with and without expansion or projection, strides 1 and 2, 3×3 and 5×5, residual", arguments: [
        Case(input: [1, 12, 12, 8], expansion: 48, kernel: 3, stride: 1, output: 8, residual: true),
        Case(input: [2, 13, 11, 16], expansion: 96, kernel: 3, stride: 2, output: 24, residual: false),
        Case(input: [1, 15, 15, 24], expansion: 72, kernel: 5, stride: 1, output: 24, residual: true),
        Case(input: [3, 16, 9, 16], expansion: 40, kernel: 5, stride: 2, output: 40, residual: false),
        Case(input: [1, 14, 14, 32], expansion: nil, kernel: 3, stride: 1, output: 16, residual: false),
        Case(input: [2, 10, 10, 16], expansion: 64, kernel: 3, stride: 1, output: nil, residual: false),
        Case(input: [1, 7, 9, 12], expansion: 36, kernel: 3, stride: 2, output: 20, residual: false),
    ])
    func fusedBlockMatchesReference(_ c: Case) throws {
        let model = Self.block(c)
        let session = try InferenceSession(model: model, options: Self.fuseAll)
        let plan = try session.plan(for: [c.input])
        #expect(plan.steps.contains { if case .depthwiseBlock = $0 { true } else { false } }, "the block was not fused")
        try expectMatchesReference(model, input: c.input, options: Self.fuseAll)
        var oneThread = Self.fuseAll
        oneThread.threads = 1
        try expectMatchesReference(model, input: c.input, options: oneThread)
    }

    @Test("Small blocks stay separate layers under the default threshold; large ones are fused")
    func thresholdDecidesFusion() throws {
        let model = Self.block(Case(input: [1, 8, 8, 8], expansion: 48, kernel: 3, stride: 1, output: 8, residual: true))
        let session = try InferenceSession(model: model, options: RuntimeOptions(threads: 1))
        func fused(_ size: Int) throws -> Bool {
            try session.plan(for: [[1, size, size, 8]]).steps.contains { if case .depthwiseBlock = $0 { true } else { false } }
        }
        // 48 channels × 4 bytes: 8×8 is 12 KiB, 112×112 is 2.3 MiB.
        #expect(try !fused(8))
        #expect(try fused(112))
    }

    @Test("A depthwise output read twice (squeeze-and-excite) is not fused with a projection")
    func sharedDepthwiseOutputKeepsProjectionSeparate() throws {
        var builder = ModelBuilder(seed: 5)
        let expanded = builder.conv("expand", "x", kernel: (1, 1), cin: 8, cout: 32)
        let dw = builder.conv("dw", expanded, kernel: (3, 3), cin: 32, cout: 32, .init(padding: .same, groups: 32))
        let pooled = builder.add("pool", .globalAvgPool(keepDims: true), [dw])
        let gated = builder.add("gate", .mul, [dw, pooled])
        builder.conv("project", gated, kernel: (1, 1), cin: 32, cout: 8)
        let model = builder.model(input: [-1, -1, -1, 8])
        let steps = try InferenceSession(model: model, options: Self.fuseAll).plan(for: [[1, 9, 9, 8]]).steps
        #expect(steps.filter { if case .depthwiseBlock = $0 { true } else { false } }.count == 1)
        #expect(steps.filter { if case .gemmConvolution = $0 { true } else { false } }.count == 1)
        try expectMatchesReference(model, input: [2, 9, 9, 8], options: Self.fuseAll)
    }
}
