import Foundation

/// Numerically stable softmax over the last axis of `[rows, length]`:
/// `exp(x - max) / Σ exp(x - max)`. Safe in place.
struct Softmax: @unchecked Sendable {
    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var rows: Int
    var length: Int

    /// Runs the softmax (single-threaded: logits are small).
    func run() {
        for row in 0..<rows {
            let source = input + row * length, target = output + row * length
            var largest = -Float.infinity
            for i in 0..<length { largest = max(largest, source[i]) }
            var sum: Float = 0
            for i in 0..<length {
                let value = Foundation.exp(source[i] - largest)
                target[i] = value
                sum += value
            }
            for i in 0..<length { target[i] /= sum }
        }
    }
}
