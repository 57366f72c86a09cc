import Testing
@testable import WeightPortRuntime

/// The packed GEMM with each micro-kernel variant, against a plain triple loop.
@Suite struct GEMMTests {
    @Test("Both micro-kernels (4×16 separate, 6×16 fused), their edges and the one-row kernel match a plain product",
          arguments: [MicroKernel.Variant.separate, .fused])
    func variants(_ variant: MicroKernel.Variant) throws {
        var rng = SplitMix64(seed: 17)
        // Also: a column of tiles past one 96-row block with a 4-row edge (the 4-row kernel under
        // `.fused`) and an odd-width last panel (the stack tile, tile after tile); a 4-row edge
        // over two reduction blocks; two rows reduced in one pass over 300. In AVX-512 builds,
        // the 16-lane tiles: 12 and 6 rows, then 4 (m 17, 58, 100), 2 (m 2) and 1 (m 13, 17, 25),
        // over two whole panels (n 56, 40, 35, 100), a panel and a half one (n 56, 24, 88), or one
        // panel alone (n 16); and over four whole panels (n 64, 88, 100, 128) in 6 rows (m 30,
        // 13), 4, 2 and 1 (m 13, 7, 1), over two reduction blocks (k 300).
        for (m, k, n) in [(1, 7, 16), (13, 300, 40), (6, 16, 16), (25, 33, 24), (100, 20, 35), (58, 270, 16), (2, 300, 24),
                          (30, 50, 64), (17, 40, 56), (13, 300, 88), (7, 20, 100), (1, 40, 128)] {
            let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &rng) }
            let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &rng) }
            let bias = FloatBuffer((0..<n).map { _ in Float.random(in: -1...1, using: &rng) })
            let residual = FloatBuffer((0..<(m * n)).map { _ in Float.random(in: -1...1, using: &rng) })
            let c = FloatBuffer(count: m * n)
            let activation = FusedActivation(.relu6)
            a.withUnsafeBufferPointer { aBuffer in
                let epilogue = Epilogue(bias: UnsafePointer(bias.pointer), residual: UnsafePointer(residual.pointer), residualStride: n,
                                        activation: activation)
                var gemm = GEMM(a: aBuffer.baseAddress!, lda: k, b: PackedMatrix(rows: k, columns: n, source: b, offset: 0, stride: n),
                                c: c.pointer, ldc: n, epilogue: epilogue)
                gemm.variant = variant
                gemm.compute(rows: 0..<m, panels: 0..<gemm.b.panels)
            }
            var worst: Float = 0
            for i in 0..<m {
                for j in 0..<n {
                    var sum = Double(bias.pointer[j]) + Double(residual.pointer[i * n + j])
                    for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[p * n + j]) }
                    worst = max(worst, abs(c.pointer[i * n + j] - min(max(Float(sum), 0), 6)))
                }
            }
            #expect(worst < 1e-4, "m \(m) k \(k) n \(n): max abs diff \(worst)")
        }
    }
}
