/// Inputs and the source framework's outputs for them, embedded in a WPK so that `validate` can
/// prove parity with no other file. Both are in the source's layout (`SourceLayout`).
public struct ReferenceVectors: Sendable {
    /// Model inputs, as the source framework took them.
    public var inputs: Tensor
    /// The source framework's outputs for `inputs`.
    public var expected: Tensor
    /// Absolute tolerance `validate` uses by default.
    public var atol: Float
    /// Relative tolerance `validate` uses by default.
    public var rtol: Float

    /// Creates reference vectors.
    public init(inputs: Tensor, expected: Tensor, atol: Float, rtol: Float) {
        self.inputs = inputs
        self.expected = expected
        self.atol = atol
        self.rtol = rtol
    }
}
