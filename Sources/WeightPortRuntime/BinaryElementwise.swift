/// `activation(a + b)` or `activation(a · b)` with NumPy broadcasting, vectorised along the
/// inner run of a `BroadcastLayout`; runs may be split over threads. May write in place over an
/// operand that has the output's shape.
struct BinaryElementwise: @unchecked Sendable {
    enum Operation: Sendable { case add, multiply }

    var a: UnsafePointer<Float>
    var b: UnsafePointer<Float>
    var output: UnsafeMutablePointer<Float>
    var layout: BroadcastLayout
    var operation: Operation
    var activation: FusedActivation
    var threads: Int

    /// Runs the whole operation.
    func run() {
        let runs = layout.outerCount
        let threads = runs * layout.inner < 1 << 16 ? 1 : self.threads
        Parallel.forEachClaim(count: runs, threads: threads) { _, claims in
            while let range = claims.next() {
                for run in range { computeRun(run) }
            }
        }
    }

    @inline(__always)
    private func combine(_ x: SIMD8<Float>, _ y: SIMD8<Float>) -> SIMD8<Float> {
        operation == .add ? x + y : x * y
    }

    @inline(__always)
    private func combine(_ x: Float, _ y: Float) -> Float {
        operation == .add ? x + y : x * y
    }

    private func computeRun(_ run: Int) {
        let (offsetA, offsetB) = layout.offsets(ofRun: run)
        let left = a + offsetA, right = b + offsetB, out = output + run * layout.inner
        let strideA = layout.innerStrideA, strideB = layout.innerStrideB
        let count = layout.inner
        var j = 0
        while j + 8 <= count {
            let x = strideA == 1 ? left.vector(at: j) : SIMD8(repeating: left[0])
            let y = strideB == 1 ? right.vector(at: j) : SIMD8(repeating: right[0])
            out.store(activation(combine(x, y)), at: j)
            j += 8
        }
        while j < count {
            out[j] = activation(combine(left[j * strideA], right[j * strideB]))
            j += 1
        }
    }
}
