/// The element type of a stored tensor.
///
/// WPK stores weights in the source's precision; the runtime computes in `float32` whatever is
/// stored. Raw values are the names used in the WPK manifest.
public enum DType: String, Sendable, Hashable, Codable, CaseIterable {
    /// IEEE 754 binary32, little-endian.
    case float32
    /// IEEE 754 binary16, little-endian.
    case float16

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float32: 4
        case .float16: 2
        }
    }
}
