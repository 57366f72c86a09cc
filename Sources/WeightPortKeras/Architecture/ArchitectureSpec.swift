import Foundation

/// The arguments of a `keras.applications` MobileNet constructor — everything that decides the
/// layers, their names and their weight shapes. Defaults are Keras' defaults.
///
/// ```swift
/// // keras.applications.MobileNetV2(alpha=0.75, input_shape=(160, 160, 3), classes=1000)
/// let spec = ArchitectureSpec(.mobilenetV2, alpha: 0.75, inputSize: 160)
/// let json = try KerasArchitectureConfig.modelConfig(for: spec)
/// ```
///
/// A spec is a plain value; ``validate()`` (called by every ``KerasArchitectureConfig`` entry
/// point) checks it against Keras' constraints and WeightPort's bounds.
public struct ArchitectureSpec: Sendable, Hashable {
    /// Keras' `pooling` argument: a global pooling after the last block when there is no top.
    public enum Pooling: String, CaseIterable, Sendable {
        /// `GlobalAveragePooling2D`.
        case avg
        /// `GlobalMaxPooling2D`.
        case max
    }

    /// Which MobileNet.
    public var architecture: KerasArchitecture
    /// Width multiplier (`alpha`), > 0. Keras publishes weights only for
    /// ``KerasArchitecture/pretrainedAlphas`` but builds any value.
    public var alpha: Double
    /// Height and width of the square input (`input_shape=(n, n, 3)`), ≥ 32.
    public var inputSize: Int
    /// Number of classes of the classifier (`classes`); ignored without the top.
    public var classes: Int
    /// Whether the classifier head is included (`include_top`).
    public var includeTop: Bool
    /// Global pooling without the top (`pooling`); must be `nil` with the top.
    public var pooling: Pooling?
    /// MobileNetV3 only: 3×3 kernels, ReLU instead of hard-swish, no squeeze-excite.
    public var minimalistic: Bool
    /// MobileNetV3 only: a `Rescaling(1/127.5, offset=-1)` layer after the input, so the model
    /// takes pixels in [0, 255]. v1 and v2 have no such layer (they take [-1, 1]) and reject
    /// `false`.
    public var includePreprocessing: Bool
    /// Activation of the classifier (`classifier_activation`): a Keras 3 activation name;
    /// `nil` means Keras' `None`, written as `"linear"`. Aliases are normalised as Keras does
    /// (`hard_swish` → `hard_silu`, `swish` → `silu`).
    public var classifierActivation: String?
    /// MobileNet v1 only: channels per input channel of every depthwise conv
    /// (`depth_multiplier`).
    public var depthMultiplier: Int
    /// Rate of the head's `Dropout` (`dropout` in v1, `dropout_rate` in v3); `nil` is Keras'
    /// default (v1 0.001, v3 0.2). v2 has no dropout. In v3, 0 removes the layer.
    public var dropout: Double?

    /// Largest `alpha` WeightPort builds: far above any published model, and small enough that
    /// no channel or parameter count can overflow.
    public static let maximumAlpha: Double = 64
    /// Largest `inputSize` WeightPort builds.
    public static let maximumInputSize: Int = 1 << 16
    /// Largest `classes` WeightPort builds.
    public static let maximumClasses: Int = 1 << 24
    /// Largest `depthMultiplier` WeightPort builds.
    public static let maximumDepthMultiplier: Int = 64

    /// Activation names Keras 3 accepts for `classifier_activation`, after alias normalisation.
    public static let classifierActivations: [String] = [
        "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
        "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish", "relu",
        "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
        "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "tanh", "tanh_shrink",
        "threshold",
    ]

    /// A spec with Keras' defaults for every argument not given.
    public init(
        _ architecture: KerasArchitecture,
        alpha: Double = 1.0,
        inputSize: Int = 224,
        classes: Int = 1000,
        includeTop: Bool = true,
        pooling: Pooling? = nil,
        minimalistic: Bool = false,
        includePreprocessing: Bool = true,
        classifierActivation: String? = "softmax",
        depthMultiplier: Int = 1,
        dropout: Double? = nil
    ) {
        self.architecture = architecture
        self.alpha = alpha
        self.inputSize = inputSize
        self.classes = classes
        self.includeTop = includeTop
        self.pooling = pooling
        self.minimalistic = minimalistic
        self.includePreprocessing = includePreprocessing
        self.classifierActivation = classifierActivation
        self.depthMultiplier = depthMultiplier
        self.dropout = dropout
    }

    /// The name Keras gives the model: `mobilenet_0.25_128`, `mobilenetv2_1.40_224`,
    /// `MobileNetV3Small`, `MobileNetV3Large`.
    public var modelName: String {
        switch architecture {
        case .mobilenetV1: "mobilenet_\(Self.twoDecimals(alpha))_\(inputSize)"
        case .mobilenetV2: "mobilenetv2_\(Self.twoDecimals(alpha))_\(inputSize)"
        case .mobilenetV3Small: "MobileNetV3Small"
        case .mobilenetV3Large: "MobileNetV3Large"
        }
    }

    /// The classifier activation as Keras serialises it (`None` → `"linear"`, aliases resolved).
    public var serializedClassifierActivation: String {
        switch classifierActivation {
        case nil: "linear"
        case "swish": "silu"
        case "hard_swish": "hard_silu"
        case let name?: name
        }
    }

    /// The dropout rate the head uses: ``dropout`` or Keras' default for the architecture.
    var effectiveDropout: Double {
        dropout ?? (architecture == .mobilenetV1 ? 0.001 : 0.2)
    }

    /// Checks the spec against Keras' constraints and WeightPort's bounds. O(1).
    /// - Throws: ``ArchitectureError`` naming the first problem found.
    public func validate() throws(ArchitectureError) {
        guard alpha.isFinite, alpha > 0 else { throw .alphaNotPositive(alpha) }
        guard alpha <= Self.maximumAlpha else { throw .alphaTooLarge(alpha) }
        if architecture == .mobilenetV1, Int(32 * alpha) < 1 {
            throw .filtersRoundToZero(layer: "conv1", alpha: alpha)
        }
        guard inputSize >= 32 else { throw .inputSizeTooSmall(inputSize) }
        guard inputSize <= Self.maximumInputSize else { throw .inputSizeTooLarge(inputSize) }
        if includeTop {
            guard classes >= 1, classes <= Self.maximumClasses else {
                throw .classesOutOfRange(classes)
            }
            guard pooling == nil else { throw .poolingWithTop }
            guard Self.classifierActivations.contains(serializedClassifierActivation) else {
                throw .unknownActivation(classifierActivation ?? "None")
            }
        }
        if !architecture.isV3 {
            if minimalistic { throw .optionNotSupported(option: "minimalistic", architecture: architecture) }
            if !includePreprocessing {
                throw .optionNotSupported(option: "include_preprocessing", architecture: architecture)
            }
        }
        if architecture != .mobilenetV1, depthMultiplier != 1 {
            throw .optionNotSupported(option: "depth_multiplier", architecture: architecture)
        }
        guard depthMultiplier >= 1, depthMultiplier <= Self.maximumDepthMultiplier else {
            throw .depthMultiplierOutOfRange(depthMultiplier)
        }
        if let dropout {
            if architecture == .mobilenetV2 {
                throw .optionNotSupported(option: "dropout", architecture: architecture)
            }
            guard dropout >= 0, dropout < 1 else { throw .dropoutOutOfRange(dropout) }
        }
    }

    /// Python's `f"{alpha:0.2f}"`: both round the exact binary value, as C's `%.2f` does.
    private static func twoDecimals(_ x: Double) -> String {
        String(format: "%.2f", x)
    }
}
