/// `activation(x · scale + shift)` element-wise over `[rows, channels]`, with the affine part
/// per channel (a batch norm that could not be folded), uniform (`rescale`) or absent (a lone
/// activation). Safe in place.
struct ChannelMap: @unchecked Sendable {
    enum Affine: @unchecked Sendable {
        case none
        case uniform(scale: Float, offset: Float)
        case perChannel(scale: UnsafePointer<Float>, shift: UnsafePointer<Float>)
    }

    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var rows: Int
    var channels: Int
    var affine: Affine
    var activation: FusedActivation
    var threads: Int

    /// Runs the whole map.
    func run() {
        let threads = rows * channels < 1 << 16 ? 1 : self.threads
        Parallel.forEachChunk(count: rows, threads: threads) { _, range in
            for row in range { computeRow(row) }
        }
    }

    private func computeRow(_ row: Int) {
        let source = input + row * channels, target = output + row * channels
        var c = 0
        switch affine {
        case .none:
            while c + 8 <= channels { target.store(activation(source.vector(at: c)), at: c); c += 8 }
            while c < channels { target[c] = activation(source[c]); c += 1 }
        case let .uniform(scale, offset):
            while c + 8 <= channels { target.store(activation(source.vector(at: c) * scale + offset), at: c); c += 8 }
            while c < channels { target[c] = activation(source[c] * scale + offset); c += 1 }
        case let .perChannel(scale, shift):
            while c + 8 <= channels {
                target.store(activation(source.vector(at: c) * scale.vector(at: c) + shift.vector(at: c)), at: c)
                c += 8
            }
            while c < channels { target[c] = activation(source[c] * scale[c] + shift[c]); c += 1 }
        }
    }
}
