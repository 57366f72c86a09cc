import WeightPortFormat

/// Translates a Keras activation name (the `activation` setting of `Activation`, `Conv2D`,
/// `DepthwiseConv2D` and `Dense`) into a canonical op.
enum KerasActivation {
    /// The op for `value` (a name, or Keras 3's `{"class_name": "function", "config": name}`), or
    /// `nil` for `linear`.
    /// - Throws: `KerasImportError.unsupportedSetting` for any other activation.
    static func op(_ value: JSONValue?, dialect: KerasDialect, settings: KerasLayerSettings) throws -> Op? {
        let name: String
        if let plain = value?.string {
            name = plain
        } else if let wrapped = value?["config"]?.string {
            name = wrapped
        } else if value == nil || value == .null {
            return nil
        } else {
            throw settings.unsupported("activation \(value.map { "\($0)" } ?? "") is not a named Keras activation")
        }
        switch name {
        case "linear": return nil
        case "relu": return .activation(.relu)
        case "relu6": return .activation(.relu6)
        case "sigmoid": return .activation(.sigmoid)
        case "softmax": return .softmax
        case "swish", "silu": return .activation(.swish)
        case "hard_silu", "hard_swish": return .activation(.hardSwish)
        case "hard_sigmoid":
            // Keras 3: relu6(x + 3) / 6; tf.keras 2: clip(0.2 x + 0.5, 0, 1).
            switch dialect {
            case .keras3: return .activation(.hardSigmoid(alpha: 1.0 / 6.0, beta: 0.5))
            case .tfKeras2: return .activation(.hardSigmoid(alpha: 0.2, beta: 0.5))
            }
        default:
            throw settings.unsupported("activation '\(name)'")
        }
    }
}
