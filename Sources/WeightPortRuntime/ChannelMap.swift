/// `activation(x · scale + shift)` element-wise over `count` values laid out as rows of
/// `channels`, with the affine part per channel (a batch norm that could not be folded),
/// uniform (`rescale`) or absent (a lone activation). Safe in place. Work is split into runs of
/// whole rows (per-channel) or of `runLength` values (otherwise), so that a 3-channel image is
/// not processed three values at a time.
struct ChannelMap: @unchecked Sendable {
    enum Affine: @unchecked Sendable {
        case none
        case uniform(scale: Float, offset: Float)
        case perChannel(scale: UnsafePointer<Float>, shift: UnsafePointer<Float>)
    }

    /// Values per run when the affine part does not depend on the channel.
    static let runLength = 4096

    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var count: Int
    var channels: Int
    var affine: Affine
    var activation: FusedActivation
    var threads: Int

    /// Runs the whole map.
    func run() {
        let length: Int
        if case .perChannel = affine { length = max(channels, 1) } else { length = Self.runLength }
        let runs = (count + length - 1) / length
        let threads = count < 1 << 16 ? 1 : self.threads
        Parallel.forEachClaim(count: runs, threads: threads) { _, claims in
            while let range = claims.next() {
                for run in range { computeRun(start: run * length, count: min(length, count - run * length)) }
            }
        }
    }

    /// `count` values from `start`; for a per-channel map, `start` is a row start.
    private func computeRun(start: Int, count: Int) {
        let source = input + start, target = output + start
        var c = 0
        switch affine {
        case .none:
            while c + 8 <= count { target.store(activation(source.vector(at: c)), at: c); c += 8 }
            while c < count { target[c] = activation(source[c]); c += 1 }
        case let .uniform(scale, offset):
            while c + 8 <= count { target.store(activation(source.vector(at: c) * scale + offset), at: c); c += 8 }
            while c < count { target[c] = activation(source[c] * scale + offset); c += 1 }
        case let .perChannel(scale, shift):
            while c + 8 <= count {
                target.store(activation(source.vector(at: c) * scale.vector(at: c) + shift.vector(at: c)), at: c)
                c += 8
            }
            while c < count { target[c] = activation(source[c] * scale[c] + shift[c]); c += 1 }
        }
    }
}
