/// A dense float32 array in C order: model inputs and outputs, `.npy` contents, reference vectors.
public struct NDArray: Sendable, Hashable {
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// Elements in C (row-major) order; `values.count` equals the product of `shape`.
    public var values: [Float]

    /// Creates an array; `values.count` must equal the product of `shape` (checked).
    /// - Throws: `FormatError.shapeMismatch` when it does not.
    public init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw FormatError.shapeMismatch(node: "array", reason: "\(values.count) values do not fill shape \(shape)")
        }
        self.shape = shape
        self.values = values
    }

    /// A zero-filled array.
    public init(zeros shape: [Int]) {
        self.shape = shape
        self.values = [Float](repeating: 0, count: shape.reduce(1, *))
    }
}
