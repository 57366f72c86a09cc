/// A WPK format version. Minor versions only add optional manifest fields, so a reader accepts
/// every minor version of the major version it implements.
public struct WPKVersion: Sendable, Hashable, CustomStringConvertible {
    /// Incompatible changes of the byte layout or of a field's meaning.
    public var major: UInt16
    /// Additions a reader of the same major version may ignore.
    public var minor: UInt16

    /// The version this library writes: 1.0.
    public static let current = WPKVersion(major: 1, minor: 0)

    /// Creates a version.
    public init(major: UInt16, minor: UInt16) {
        self.major = major
        self.minor = minor
    }

    /// `"major.minor"`, as in the manifest's `format_version`.
    public var description: String { "\(major).\(minor)" }
}
