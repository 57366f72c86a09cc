/// A run-time value of the ONNX graph (an activation) as the canonical graph holds it.
///
/// The canonical model keeps activations NHWC while ONNX exports are NCHW, and tf2onnx moves
/// between the two with `Transpose` nodes. Rather than emitting transposes, the importer records
/// how the canonical value's axes relate to the ONNX value's axes: canonical axis `i` is ONNX axis
/// `order[i]`. An NCHW activation has `order == [0, 2, 3, 1]`; a `Transpose` only changes `order`.
struct ActivationValue {
    /// The canonical graph's value name.
    var name: String
    /// Dimensions in ONNX axis order; `-1` is unknown (a dynamic batch).
    var shape: [Int]
    /// Canonical axis `i` is ONNX axis `order[i]`.
    var order: [Int]

    /// NCHW (ONNX) ↔ NHWC (canonical).
    static let channelsFirst = [0, 2, 3, 1]

    /// Dimensions in canonical axis order.
    var canonicalShape: [Int] { order.map { shape[$0] } }

    /// Whether the canonical elements, in C order, come in the same sequence as the ONNX elements
    /// (axes of size 1 do not matter). Reshape-like ops need it: they reinterpret element order.
    var keepsElementOrder: Bool {
        Self.isIncreasing(order.filter { shape[$0] != 1 })
    }

    /// The order a reshape-like op gives its result of `shape`: channels-last for 4-D results when
    /// that keeps element order (so that a following convolution reads it), identity otherwise.
    static func order(forReshapedTo shape: [Int]) -> [Int] {
        if shape.count == 4, isIncreasing(channelsFirst.filter { shape[$0] != 1 }) { return channelsFirst }
        return Array(0..<shape.count)
    }

    static func isIncreasing(_ axes: [Int]) -> Bool {
        zip(axes, axes.dropFirst()).allSatisfy { $0 < $1 }
    }
}
