/// Everything that can go wrong in the format module: reading or writing WPK and `.npy` files,
/// building or checking a canonical model. Each case carries what a user needs to find the cause.
public enum FormatError: Error, Sendable, Equatable {
    /// A tensor's byte count is not `dtype × shape`, or its shape is invalid.
    case tensorSize(tensor: String, shape: [Int], dtype: DType, byteCount: Int)
    /// A node names a value or tensor that the model does not define.
    case undefinedReference(node: String, name: String)
    /// A node's inputs have shapes its op cannot take.
    case shapeMismatch(node: String, reason: String)
    /// A model is structurally invalid (duplicate names, cycles, missing inputs).
    case invalidModel(reason: String)
}

extension FormatError: CustomStringConvertible {
    /// A one-line message naming the tensor, node or value and the reason.
    public var description: String {
        switch self {
        case let .tensorSize(tensor, shape, dtype, byteCount):
            "tensor '\(tensor)': \(byteCount) bytes do not hold a \(dtype.rawValue) tensor of shape \(shape)"
        case let .undefinedReference(node, name):
            "node '\(node)': '\(name)' is not defined before it"
        case let .shapeMismatch(node, reason):
            "node '\(node)': \(reason)"
        case let .invalidModel(reason):
            "invalid model: \(reason)"
        }
    }
}
