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
    /// A file could not be opened, read, written, synced or renamed; `reason` carries the system's message.
    case io(file: String, reason: String)
    /// A file is not a well-formed WPK file: bad magic, impossible offsets, a manifest that breaks a
    /// rule of `Schemas/WPK.md`. `reason` names the field or tensor.
    case invalidWPK(file: String, reason: String)
    /// The header or manifest of a WPK file does not match its recorded XXH64: the file is corrupt.
    case checksumMismatch(file: String, part: String)
    /// A WPK file of a major version this reader does not know (`found` "2.0", `supported` "1.x").
    case unsupportedVersion(file: String, found: String, supported: String)
    /// A `.npy` file this reader cannot or will not read: unsupported dtype or order, bad header,
    /// wrong data size.
    case invalidNpy(file: String, reason: String)
    /// An array given for a model input or output (a `.npy` file) does not have the shape the
    /// model takes or gives.
    case arrayShape(array: String, reason: String)
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
        case let .io(file, reason):
            "\(file): \(reason)"
        case let .invalidWPK(file, reason):
            "\(file): not a valid WPK file: \(reason)"
        case let .checksumMismatch(file, part):
            "\(file): the \(part) does not match its checksum; the file is corrupt"
        case let .unsupportedVersion(file, found, supported):
            "\(file): file is WPK \(found); this reader supports WPK \(supported)"
        case let .invalidNpy(file, reason):
            "\(file): cannot read this .npy file: \(reason)"
        case let .arrayShape(array, reason):
            "\(array): \(reason)"
        }
    }
}
