/// Why an ``ArchitectureSpec`` cannot be built. Every case names the offending value; its
/// `description` is a sentence a CLI can print as is.
public enum ArchitectureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `alpha` is zero, negative, NaN or infinite.
    case alphaNotPositive(Double)
    /// `alpha` exceeds ``ArchitectureSpec/maximumAlpha``, a WeightPort bound that keeps every
    /// channel and parameter count far from integer overflow (Keras has none).
    case alphaTooLarge(Double)
    /// MobileNet v1 truncates `32 * alpha` to an integer; below 1/32 the first conv has no filters.
    case filtersRoundToZero(layer: String, alpha: Double)
    /// Keras' `min_size`: every MobileNet needs at least 32×32 pixels.
    case inputSizeTooSmall(Int)
    /// `inputSize` exceeds ``ArchitectureSpec/maximumInputSize`` (a WeightPort bound).
    case inputSizeTooLarge(Int)
    /// With `includeTop`, `classes` must be at least 1 (and at most
    /// ``ArchitectureSpec/maximumClasses``, a WeightPort bound).
    case classesOutOfRange(Int)
    /// `pooling` only applies without the classifier (`includeTop == false`); Keras would
    /// silently ignore it.
    case poolingWithTop
    /// An option the architecture's Keras constructor does not take, e.g. `minimalistic` for v2.
    case optionNotSupported(option: String, architecture: KerasArchitecture)
    /// `depthMultiplier` (v1 only) must be at least 1 (and at most
    /// ``ArchitectureSpec/maximumDepthMultiplier``, a WeightPort bound).
    case depthMultiplierOutOfRange(Int)
    /// `dropout` must lie in [0, 1).
    case dropoutOutOfRange(Double)
    /// A classifier activation Keras 3 does not know by that name.
    case unknownActivation(String)

    /// The problem as one sentence, for error messages.
    public var description: String {
        switch self {
        case .alphaNotPositive(let a):
            "alpha must be a positive number, got \(a)"
        case .alphaTooLarge(let a):
            "alpha \(a) is larger than WeightPort's limit of \(ArchitectureSpec.maximumAlpha)"
        case .filtersRoundToZero(let layer, let a):
            "alpha \(a) leaves layer '\(layer)' with no filters (mobilenet_v1 needs alpha >= 1/32)"
        case .inputSizeTooSmall(let n):
            "input size must be at least 32 (Keras' minimum), got \(n)"
        case .inputSizeTooLarge(let n):
            "input size \(n) is larger than WeightPort's limit of \(ArchitectureSpec.maximumInputSize)"
        case .classesOutOfRange(let k):
            "classes must be between 1 and \(ArchitectureSpec.maximumClasses) when the classifier is included, got \(k)"
        case .poolingWithTop:
            "pooling applies only without the classifier top (--no-top)"
        case .optionNotSupported(let option, let arch):
            "keras.applications.\(arch.kerasConstructor) (\(arch.rawValue)) has no '\(option)' option"
        case .depthMultiplierOutOfRange(let m):
            "depth multiplier must be between 1 and \(ArchitectureSpec.maximumDepthMultiplier), got \(m)"
        case .dropoutOutOfRange(let r):
            "dropout rate must be in [0, 1), got \(r)"
        case .unknownActivation(let name):
            "unknown classifier activation '\(name)'; use one of "
                + ArchitectureSpec.classifierActivations.joined(separator: ", ")
        }
    }
}
