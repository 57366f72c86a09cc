/// One of the MobileNet architectures of `keras.applications` (Keras 3.15) that WeightPort can
/// rebuild without a config — for weights-only files such as `model.save_weights("x.weights.h5")`.
///
/// The raw value is the name the CLI takes (`--arch mobilenet_v2`).
public enum KerasArchitecture: String, CaseIterable, Sendable {
    /// `keras.applications.MobileNet` (v1, Howard et al. 2017).
    case mobilenetV1 = "mobilenet_v1"
    /// `keras.applications.MobileNetV2` (Sandler et al. 2018).
    case mobilenetV2 = "mobilenet_v2"
    /// `keras.applications.MobileNetV3Small` (Howard et al. 2019).
    case mobilenetV3Small = "mobilenet_v3_small"
    /// `keras.applications.MobileNetV3Large` (Howard et al. 2019).
    case mobilenetV3Large = "mobilenet_v3_large"

    /// The `keras.applications` constructor that builds this architecture, e.g. `MobileNetV2`.
    public var kerasConstructor: String {
        switch self {
        case .mobilenetV1: "MobileNet"
        case .mobilenetV2: "MobileNetV2"
        case .mobilenetV3Small: "MobileNetV3Small"
        case .mobilenetV3Large: "MobileNetV3Large"
        }
    }

    /// Whether this is one of the two MobileNetV3 variants, the only ones with
    /// `minimalistic` and `include_preprocessing` options.
    public var isV3: Bool { self == .mobilenetV3Small || self == .mobilenetV3Large }

    /// The width multipliers Keras publishes ImageNet weights for. Any positive alpha builds;
    /// these are the ones worth suggesting when a file's shapes don't fit the alpha asked for.
    public var pretrainedAlphas: [Double] {
        switch self {
        case .mobilenetV1: [0.25, 0.5, 0.75, 1.0]
        case .mobilenetV2: [0.35, 0.5, 0.75, 1.0, 1.3, 1.4]
        case .mobilenetV3Small, .mobilenetV3Large: [0.75, 1.0]
        }
    }
}
