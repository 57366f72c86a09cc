/// Constant spatial padding of `[n, h, w, c]` to `[n, h + top + bottom, w + left + right, c]`.
struct ConstantPad: @unchecked Sendable {
    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var batch: Int, height: Int, width: Int, channels: Int
    var top: Int, left: Int, bottom: Int, right: Int
    var value: Float

    /// Runs the padding: fills the border with `value`, copies each input row into place.
    func run() {
        let outputWidth = width + left + right, outputHeight = height + top + bottom
        let rowLength = outputWidth * channels
        for n in 0..<batch {
            for y in 0..<outputHeight {
                let target = output + (n * outputHeight + y) * rowLength
                let sourceY = y - top
                guard sourceY >= 0, sourceY < height else {
                    target.update(repeating: value, count: rowLength)
                    continue
                }
                target.update(repeating: value, count: left * channels)
                (target + left * channels).update(from: input + (n * height + sourceY) * width * channels, count: width * channels)
                (target + (left + width) * channels).update(repeating: value, count: right * channels)
            }
        }
    }
}
