/// Mean over height and width of `[n, h, w, c]`, vectorised over channels: `[n, c]` values
/// (the same memory serves the keep-dims `[n, 1, 1, c]` shape).
struct GlobalAveragePooling: @unchecked Sendable {
    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var batch: Int, pixels: Int, channels: Int

    /// Runs the pooling (single-threaded: it reads each input value once).
    func run() {
        let divisor = Float(max(pixels, 1))
        for n in 0..<batch {
            let out = output + n * channels
            out.update(repeating: 0, count: channels)
            for p in 0..<pixels {
                let pixel = input + (n * pixels + p) * channels
                var c = 0
                while c + 8 <= channels {
                    out.store(out.vector(at: c) + pixel.vector(at: c), at: c)
                    c += 8
                }
                while c < channels { out[c] += pixel[c]; c += 1 }
            }
            for c in 0..<channels { out[c] /= divisor }
        }
    }
}
