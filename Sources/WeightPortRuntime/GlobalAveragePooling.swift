/// Mean over height and width of `[n, h, w, c]`, vectorised over channels: `[n, c]` values
/// (the same memory serves the keep-dims `[n, 1, 1, c]` shape).
///
/// Each image's pixels are summed in two fixed halves that are then added, on two threads when
/// there is enough work. The step before usually split its output rows near the middle too (its
/// threads claim rows from both ends, `WorkClaims`), so each thread reads mostly what its own
/// core wrote. Read from one core, the other core's half cost as much as the pooling itself (a
/// squeeze-and-excite pool took 2× its one-thread time at two threads), and the multiply after
/// it, writing lines the pool had pulled into the other core, 2.2×. The sums do not depend on the
/// thread count. No allocation beyond a stack buffer of one image's channels.
struct GlobalAveragePooling: @unchecked Sendable {
    var input: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var batch: Int, pixels: Int, channels: Int
    var threads: Int

    /// Input elements below which both halves are summed on the calling thread.
    static let parallelElements = 1 << 15

    /// Runs the pooling.
    func run() {
        let divisor = Float(max(pixels, 1)), half = (pixels + 1) / 2
        let threads = pixels * channels < Self.parallelElements ? 1 : self.threads
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(channels, 1)) { buffer in
            guard let secondHalf = buffer.baseAddress else { return }
            for n in 0..<batch {
                let sums = HalfSums(image: input + n * pixels * channels, first: output + n * channels, second: secondHalf)
                Parallel.forEachChunk(count: 2, threads: threads) { _, parts in
                    for part in parts {
                        sum(sums.image, pixels: part == 0 ? 0..<half : half..<pixels, into: part == 0 ? sums.first : sums.second)
                    }
                }
                var c = 0
                while c + 8 <= channels {
                    sums.first.store((sums.first.vector(at: c) + sums.second.vector(at: c)) / divisor, at: c)
                    c += 8
                }
                while c < channels { sums.first[c] = (sums.first[c] + sums.second[c]) / divisor; c += 1 }
            }
        }
    }

    /// Stores into `sums` the per-channel sum of `image`'s pixels `range`, in pixel order: blocks
    /// of channels summed in registers over all the pixels (16 lanes in AVX-512 builds), where a
    /// pass per pixel loaded and stored every sum again.
    private func sum(_ image: UnsafePointer<Float>, pixels range: Range<Int>, into sums: UnsafeMutablePointer<Float>) {
        var c = 0
        #if WEIGHTPORT_AVX512
        c = sumBlocks(SIMD16<Float>.self, image, pixels: range, into: sums, from: c)
        #endif
        c = sumBlocks(SIMD8<Float>.self, image, pixels: range, into: sums, from: c)
        while c < channels {
            var total: Float = 0
            for p in range { total += image[p * channels + c] }
            sums[c] = total
            c += 1
        }
    }

    /// `sum` for the channels from `start` on, four vectors and then one vector at a time while
    /// a whole vector is left; returns where it stopped.
    @inline(__always)
    private func sumBlocks<Vector: SIMD>(_ vector: Vector.Type, _ image: UnsafePointer<Float>, pixels range: Range<Int>,
                                         into sums: UnsafeMutablePointer<Float>, from start: Int) -> Int where Vector.Scalar == Float {
        let width = Vector.scalarCount
        var c = start
        while c + 4 * width <= channels {
            var s0 = Vector(), s1 = Vector(), s2 = Vector(), s3 = Vector()
            for p in range {
                let pixel = image + p * channels + c
                s0 += pixel.vector(Vector.self, at: 0)
                s1 += pixel.vector(Vector.self, at: width)
                s2 += pixel.vector(Vector.self, at: 2 * width)
                s3 += pixel.vector(Vector.self, at: 3 * width)
            }
            sums.store(s0, at: c)
            sums.store(s1, at: c + width)
            sums.store(s2, at: c + 2 * width)
            sums.store(s3, at: c + 3 * width)
            c += 4 * width
        }
        while c + width <= channels {
            var s0 = Vector()
            for p in range { s0 += (image + p * channels + c).vector(Vector.self, at: 0) }
            sums.store(s0, at: c)
            c += width
        }
        return c
    }

    /// Where one image's two half sums go: the first into the output, the second into a buffer.
    private struct HalfSums: @unchecked Sendable {
        let image: UnsafePointer<Float>
        let first: UnsafeMutablePointer<Float>
        let second: UnsafeMutablePointer<Float>
    }
}
