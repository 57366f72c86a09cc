/// What a convolution or dense kernel does to its sums before they are final:
/// `activation(sum + bias[column] + residual[row, column])`. The bias holds folded batch-norm
/// shifts; the residual is a fused `add` input of the output's shape.
struct Epilogue: @unchecked Sendable {
    /// Per-output-column bias (zeros when the layer has none).
    var bias: UnsafePointer<Float>
    /// Residual added before the activation, laid out like the output; `nil` for none.
    var residual: UnsafePointer<Float>?
    /// Row stride of `residual` in floats.
    var residualStride: Int
    /// Activation applied last.
    var activation: FusedActivation

    /// The final value of eight sums of output row `row`, columns `column ..< column + 8`, but
    /// for the activation's transcendental curve, if it `hasCurve` (applied to the stored values
    /// by `applyCurve`): `linear` is `activation.linearVectors`, loaded once per tile.
    @inline(__always)
    func finish(_ sum: SIMD8<Float>, row: Int, column: Int, _ linear: FusedActivation.LinearVectors) -> SIMD8<Float> {
        activation.linearPart(biased(sum, row: row, column: column), linear)
    }

    /// Eight sums of output row `row`, columns `column ..< column + 8`, plus the bias and the
    /// residual: `finish` before the activation.
    @_transparent
    func biased(_ sum: SIMD8<Float>, row: Int, column: Int) -> SIMD8<Float> {
        var value = sum + bias.vector(at: column)
        if let residual { value += residual.vector(at: row &* residualStride &+ column) }
        return value
    }

    #if WEIGHTPORT_AVX512
    /// `biased(_:row:column:)` on sixteen sums (columns `column ..< column + 16`).
    @_transparent
    func biased(_ sum: SIMD16<Float>, row: Int, column: Int) -> SIMD16<Float> {
        var value = sum + bias.vector(SIMD16<Float>.self, at: column)
        if let residual { value += residual.vector(SIMD16<Float>.self, at: row &* residualStride &+ column) }
        return value
    }
    #endif

    /// Applies the epilogue in place to `rows × columns` values at `c` (row stride `ldc`), which
    /// are output rows starting at `row` and output columns starting at `column`.
    @inline(__always)
    func apply(to c: UnsafeMutablePointer<Float>, ldc: Int, row: Int, rows: Int, column: Int, columns: Int) {
        let bias = self.bias + column
        for r in 0..<rows {
            let out = c + r * ldc
            let residual = self.residual.map { $0 + (row + r) * residualStride + column }
            var j = 0
            while j + 8 <= columns {
                var value = out.vector(at: j) + bias.vector(at: j)
                if let residual { value += residual.vector(at: j) }
                out.store(activation(value), at: j)
                j += 8
            }
            while j < columns {
                var value = out[j] + bias[j]
                if let residual { value += residual[j] }
                out[j] = activation(value)
                j += 1
            }
        }
    }
}
