/// The manifest record of embedded reference vectors:
/// `{"inputs": tensor entry, "expected": tensor entry, "atol", "rtol"}`.
struct WPKReferenceEntry: Codable {
    /// Where the reference inputs are stored.
    var inputs: WPKTensorEntry
    /// Where the expected outputs are stored.
    var expected: WPKTensorEntry
    /// Default absolute tolerance.
    var atol: Float
    /// Default relative tolerance.
    var rtol: Float
}
