import Foundation
import WeightPortFormat

/// An activation as kernels apply it in their epilogue, on registers just computed.
/// `relu` and `relu6` are clips; `none` is the identity.
enum FusedActivation: Sendable, Hashable {
    case none
    case clip(min: Float, max: Float)
    case hardSigmoid(alpha: Float, beta: Float)
    case hardSwish
    case sigmoid
    case swish

    /// The epilogue form of a canonical activation.
    init(_ activation: Activation) {
        switch activation {
        case .relu: self = .clip(min: 0, max: .infinity)
        case .relu6: self = .clip(min: 0, max: 6)
        case let .clip(min, max): self = .clip(min: min, max: max)
        case let .hardSigmoid(alpha, beta): self = .hardSigmoid(alpha: alpha, beta: beta)
        case .hardSwish: self = .hardSwish
        case .sigmoid: self = .sigmoid
        case .swish: self = .swish
        }
    }

    /// The activation of eight values. `clip` follows NumPy (`min(max(x, lo), hi)`), so it never
    /// traps, whatever the bounds.
    @inline(__always)
    func callAsFunction(_ x: SIMD8<Float>) -> SIMD8<Float> {
        switch self {
        case .none:
            return x
        case let .clip(low, high):
            return Self.clamp(x, low, high)
        case let .hardSigmoid(alpha, beta):
            return Self.clamp(x * alpha + beta, 0, 1)
        case .hardSwish:
            let gate = Self.clamp(x + 3, 0, 6)
            return x * (gate * (1 as Float / 6))
        case .sigmoid, .swish:
            var result = x
            for lane in 0..<8 { result[lane] = self(x[lane]) }
            return result
        }
    }

    /// `min(max(x, low), high)` lane-wise, NaN kept. Written with `replace(with:where:)`, which
    /// compiles to `maxps`/`minps`; the stdlib's `pointwiseMax`/`pointwiseMin` are not inlined
    /// and cost a call per vector.
    @inline(__always)
    static func clamp(_ x: SIMD8<Float>, _ low: Float, _ high: Float) -> SIMD8<Float> {
        var result = x
        result.replace(with: low, where: result .< low)
        result.replace(with: high, where: result .> high)
        return result
    }

    /// The activation of one value (tails shorter than a vector).
    @inline(__always)
    func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .none:
            return x
        case let .clip(low, high):
            return Swift.min(Swift.max(x, low), high)
        case let .hardSigmoid(alpha, beta):
            return Swift.min(Swift.max(x * alpha + beta, 0), 1)
        case .hardSwish:
            return x * (Swift.min(Swift.max(x + 3, 0), 6) * (1 as Float / 6))
        case .sigmoid:
            return 1 / (1 + Foundation.exp(-x))
        case .swish:
            return x / (1 + Foundation.exp(-x))
        }
    }
}
