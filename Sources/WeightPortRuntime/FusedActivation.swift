import Foundation
import WeightPortFormat

/// An activation as kernels apply it in their epilogue, on registers just computed.
///
/// Every piecewise-linear activation is one branch-free form,
/// `clamp(x · scale + shift, low, high)`, multiplied by `x` when `gated`:
/// relu = clamp(x, 0, ∞), relu6 = clamp(x, 0, 6), hard sigmoid = clamp(αx + β, 0, 1),
/// hard swish = x · clamp(x/6 + 1/2, 0, 1), none = clamp(x, −∞, ∞). Small enough to inline
/// into every micro-kernel; sigmoid and swish take an out-of-line lane-by-lane path.
struct FusedActivation: Sendable, Hashable {
    enum Curve: Sendable, Hashable { case piecewiseLinear, sigmoid, swish }

    var curve: Curve
    var scale: Float
    var shift: Float
    var low: Float
    var high: Float
    var gated: Bool

    /// The identity.
    static let none = FusedActivation(curve: .piecewiseLinear, scale: 1, shift: 0, low: -.infinity, high: .infinity, gated: false)

    private init(curve: Curve, scale: Float, shift: Float, low: Float, high: Float, gated: Bool) {
        self.curve = curve
        self.scale = scale
        self.shift = shift
        self.low = low
        self.high = high
        self.gated = gated
    }

    /// The epilogue form of a canonical activation.
    init(_ activation: Activation) {
        switch activation {
        case .relu: self.init(curve: .piecewiseLinear, scale: 1, shift: 0, low: 0, high: .infinity, gated: false)
        case .relu6: self.init(curve: .piecewiseLinear, scale: 1, shift: 0, low: 0, high: 6, gated: false)
        case let .clip(min, max): self.init(curve: .piecewiseLinear, scale: 1, shift: 0, low: min, high: max, gated: false)
        case let .hardSigmoid(alpha, beta): self.init(curve: .piecewiseLinear, scale: alpha, shift: beta, low: 0, high: 1, gated: false)
        case .hardSwish: self.init(curve: .piecewiseLinear, scale: 1 / 6, shift: 0.5, low: 0, high: 1, gated: true)
        case .sigmoid: self = .none; curve = .sigmoid
        case .swish: self = .none; curve = .swish
        }
    }

    /// `x · gate(x)` for a gate that has a gated form: hard sigmoid (`x · clamp(αx + β, 0, 1)`,
    /// hard swish when α = 1/6, β = 1/2, computed with the same operations as the mul of the two)
    /// and sigmoid (swish); `nil` for other activations.
    init?(gatedBy gate: Activation) {
        switch gate {
        case let .hardSigmoid(alpha, beta): self.init(curve: .piecewiseLinear, scale: alpha, shift: beta, low: 0, high: 1, gated: true)
        case .sigmoid: self = .none; curve = .swish
        default: return nil
        }
    }

    /// The activation of eight values. The clamp follows NumPy (`min(max(x, low), high)`), so
    /// it never traps, whatever the bounds, and keeps NaN.
    @inline(__always)
    func callAsFunction(_ x: SIMD8<Float>) -> SIMD8<Float> {
        guard curve == .piecewiseLinear else { return transcendental(x) }
        return linearPart(x, linearVectors)
    }

    /// The piecewise-linear form's parameters splatted into vectors of one width, for a kernel
    /// to load once and keep in registers across a tile. For sigmoid and swish they are the
    /// identity.
    struct PiecewiseVectors<Vector: SIMD> where Vector.Scalar == Float {
        var scale: Vector
        var shift: Vector
        var low: Vector
        var high: Vector
        var gated: Bool

        /// The parameters of `activation`, splatted.
        @inline(__always)
        init(_ activation: FusedActivation) {
            self.init(scale: activation.scale, shift: activation.shift, low: activation.low, high: activation.high,
                      gated: activation.gated)
        }

        @inline(__always)
        private init(scale: Float, shift: Float, low: Float, high: Float, gated: Bool) {
            self.scale = Vector(repeating: scale)
            self.shift = Vector(repeating: shift)
            self.low = Vector(repeating: low)
            self.high = Vector(repeating: high)
            self.gated = gated
        }

        /// The identity's vectors.
        @inline(__always)
        static var identity: Self { Self(scale: 1, shift: 0, low: -.infinity, high: .infinity, gated: false) }
    }

    /// The vectors of the 8-lane kernels.
    typealias LinearVectors = PiecewiseVectors<SIMD8<Float>>

    /// This activation's `LinearVectors`.
    @inline(__always)
    var linearVectors: LinearVectors { LinearVectors(self) }

    /// What the piecewise-linear form amounts to, for kernels specialised on it.
    enum LinearForm: Sendable {
        /// Nothing: no scale, shift, bound or gate (also sigmoid's and swish's linear part).
        case identity
        /// Only the bounds (relu, relu6, clip): no scale, shift or gate.
        case clamp
        /// The whole form.
        case general
    }

    /// This activation's `LinearForm`.
    var linearForm: LinearForm {
        guard scale == 1, shift == 0, !gated else { return .general }
        return low == -.infinity && high == .infinity ? .identity : .clamp
    }

    /// Whether the activation has a transcendental curve (sigmoid, swish), which kernels apply to
    /// their stored results with `applyCurve` after `linearPart` (the identity for those).
    @inline(__always)
    var hasCurve: Bool { curve != .piecewiseLinear }

    /// The piecewise-linear form on eight values, with its parameters already in `vectors`: the
    /// whole activation unless `hasCurve`. No call and no branch on the curve, so a micro-kernel
    /// applying it to its accumulators keeps them in registers.
    @inline(__always)
    func linearPart(_ x: SIMD8<Float>, _ vectors: LinearVectors) -> SIMD8<Float> {
        var y = x * vectors.scale + vectors.shift
        y.replace(with: vectors.low, where: y .< vectors.low)
        y.replace(with: vectors.high, where: y .> vectors.high)
        return vectors.gated ? x * y : y
    }

    #if WEIGHTPORT_AVX512
    /// The vectors of the AVX-512 tiles' 16-lane epilogues.
    typealias WideLinearVectors = PiecewiseVectors<SIMD16<Float>>

    /// This activation's `WideLinearVectors`.
    @inline(__always)
    var wideLinearVectors: WideLinearVectors { WideLinearVectors(self) }

    /// `linearPart(_:_:)` on sixteen values: the same operations, in `zmm` registers.
    @_transparent
    func linearPart(_ x: SIMD16<Float>, _ vectors: WideLinearVectors) -> SIMD16<Float> {
        var y = x * vectors.scale + vectors.shift
        y.replace(with: vectors.low, where: y .< vectors.low)
        y.replace(with: vectors.high, where: y .> vectors.high)
        return vectors.gated ? x * y : y
    }
    #endif

    /// Applies the transcendental curve in place to `rows` runs of `columns` values, `stride`
    /// floats apart: what `linearPart` left out when `hasCurve`.
    @inline(never)
    func applyCurve(to values: UnsafeMutablePointer<Float>, stride: Int, rows: Int, columns: Int) {
        for r in 0..<rows {
            let run = values + r * stride
            for j in 0..<columns { run[j] = self(run[j]) }
        }
    }

    /// The activation of one value (tails shorter than a vector).
    @inline(__always)
    func callAsFunction(_ x: Float) -> Float {
        switch curve {
        case .piecewiseLinear:
            let y = Swift.min(Swift.max(x * scale + shift, low), high)
            return gated ? x * y : y
        case .sigmoid:
            return 1 / (1 + Foundation.exp(-x))
        case .swish:
            return x / (1 + Foundation.exp(-x))
        }
    }

    /// Sigmoid and swish lane by lane (no vector `exp`), out of line so that the piecewise-linear
    /// activations inline into the kernels.
    @inline(never)
    private func transcendental(_ x: SIMD8<Float>) -> SIMD8<Float> {
        var result = x
        for lane in 0..<8 { result[lane] = self(x[lane]) }
        return result
    }
}

/// The vectors of kernels generic over their width (depthwise tiles, element-wise runs): 8
/// lanes, and 16 in AVX-512 builds. Generic code over `SIMD` gets the standard library's
/// lane-by-lane comparisons, so the activation goes through the concrete forms.
protocol ActivationVector: SIMD where Scalar == Float {
    /// The piecewise-linear part of `activation` (`FusedActivation.linearPart`) with its vectors.
    static func linearPart(_ x: Self, _ activation: FusedActivation, _ linear: FusedActivation.PiecewiseVectors<Self>) -> Self
}

extension SIMD8: ActivationVector where Scalar == Float {
    @_transparent
    static func linearPart(_ x: Self, _ activation: FusedActivation, _ linear: FusedActivation.PiecewiseVectors<Self>) -> Self {
        activation.linearPart(x, linear)
    }
}

#if WEIGHTPORT_AVX512
extension SIMD16: ActivationVector where Scalar == Float {
    @_transparent
    static func linearPart(_ x: Self, _ activation: FusedActivation, _ linear: FusedActivation.PiecewiseVectors<Self>) -> Self {
        activation.linearPart(x, linear)
    }
}
#endif
