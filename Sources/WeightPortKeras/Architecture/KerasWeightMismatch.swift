/// One difference between the weights a file holds and those an architecture expects, as
/// found by ``KerasArchitectureConfig/mismatches(for:shapes:)``. Its `description` is a
/// sentence an importer can put in an error.
public enum KerasWeightMismatch: Sendable, Hashable, CustomStringConvertible {
    /// The architecture has this variable; the file does not.
    case missing(path: String, expected: [Int])
    /// The file has this variable; the architecture does not.
    case unexpected(path: String, found: [Int])
    /// Both have it, with different shapes.
    case wrongShape(path: String, expected: [Int], found: [Int])

    /// The variable path (`conv_pw_1/kernel`).
    public var path: String {
        switch self {
        case .missing(let path, _), .unexpected(let path, _), .wrongShape(let path, _, _): path
        }
    }

    /// The problem as one sentence, for error messages.
    public var description: String {
        switch self {
        case .missing(let path, let expected):
            "tensor '\(path)' \(expected) is missing"
        case .unexpected(let path, let found):
            "tensor '\(path)' \(found) is not part of the architecture"
        case .wrongShape(let path, let expected, let found):
            "tensor '\(path)' has shape \(found) but the architecture needs \(expected)"
        }
    }
}
