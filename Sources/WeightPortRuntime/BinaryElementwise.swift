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
        // From 32K values on two threads: V3-L's squeeze-and-excite multiplies at 7×7 (47K) and
        // 28×28 (56K) took 0.45-0.7× their one-thread time there (the step before wrote their
        // input from both cores).
        let threads = runs * layout.inner < 1 << 15 ? 1 : self.threads
        let identity = activation.linearForm == .identity
        Parallel.forEachClaim(count: runs, threads: threads) { _, claims in
            while let range = claims.next() {
                switch (layout.innerStrideA, layout.innerStrideB) {
                case (1, 1): computeRuns(range, SteppingOperand.self, SteppingOperand.self, identity: identity)
                case (1, _): computeRuns(range, SteppingOperand.self, RepeatedOperand.self, identity: identity)
                case (_, 1): computeRuns(range, RepeatedOperand.self, SteppingOperand.self, identity: identity)
                default: computeRuns(range, RepeatedOperand.self, RepeatedOperand.self, identity: identity)
                }
            }
        }
    }

    @inline(__always)
    private func combine<Vector: ActivationVector>(_ x: Vector, _ y: Vector) -> Vector {
        operation == .add ? x + y : x * y
    }

    @inline(__always)
    private func combine(_ x: Float, _ y: Float) -> Float {
        operation == .add ? x + y : x * y
    }

    /// Runs `runs`, each operand read as `Left` and `Right` say (specialised per pair, so the
    /// loops test no stride); `identity` when the activation is the identity.
    private func computeRuns<Left: Operand, Right: Operand>(_ runs: Range<Int>, _ left: Left.Type, _ right: Right.Type,
                                                            identity: Bool) {
        for run in runs {
            let (offsetA, offsetB) = layout.offsets(ofRun: run)
            let x = Left(a + offsetA), y = Right(b + offsetB), out = output + run * layout.inner
            var j = 0
            if activation.hasCurve {
                while j + 8 <= layout.inner {
                    out.store(activation(combine(x.vector(SIMD8<Float>.self, at: j), y.vector(SIMD8<Float>.self, at: j))), at: j)
                    j += 8
                }
            } else {
                #if WEIGHTPORT_AVX512
                j = combineVectors(SIMD16<Float>.self, x, y, out, from: j, identity: identity)
                #endif
                j = combineVectors(SIMD8<Float>.self, x, y, out, from: j, identity: identity)
            }
            while j < layout.inner {
                out[j] = activation(combine(x[j], y[j]))
                j += 1
            }
        }
    }

    /// A run's elements from `start` on, a `Vector` at a time while a whole one is left, with the
    /// activation's piecewise-linear part unless `identity` (the squeeze-and-excite multiplies,
    /// which went through every clamp of `FusedActivation`); returns where it stopped.
    @inline(__always)
    private func combineVectors<Vector: ActivationVector, Left: Operand, Right: Operand>(
        _ vector: Vector.Type, _ x: Left, _ y: Right, _ out: UnsafeMutablePointer<Float>, from start: Int, identity: Bool
    ) -> Int {
        let linear = FusedActivation.PiecewiseVectors<Vector>(activation)
        var j = start
        while j + Vector.scalarCount <= layout.inner {
            let z = combine(x.vector(Vector.self, at: j), y.vector(Vector.self, at: j))
            out.store(identity ? z : Vector.linearPart(z, activation, linear), at: j)
            j += Vector.scalarCount
        }
        return j
    }
}

/// How an operand of `BinaryElementwise` is read along a run.
private protocol Operand {
    init(_ start: UnsafePointer<Float>)
    /// The operand's values for the run's elements `j ..< j + Vector.scalarCount`.
    func vector<Vector: SIMD>(_ type: Vector.Type, at j: Int) -> Vector where Vector.Scalar == Float
    /// The operand's value for the run's element `j`.
    subscript(j: Int) -> Float { get }
}

/// An operand that advances along the run (stride 1).
private struct SteppingOperand: Operand {
    let start: UnsafePointer<Float>
    init(_ start: UnsafePointer<Float>) { self.start = start }
    @inline(__always)
    func vector<Vector: SIMD>(_ type: Vector.Type, at j: Int) -> Vector where Vector.Scalar == Float { start.vector(type, at: j) }
    subscript(j: Int) -> Float { start[j] }
}

/// An operand that repeats one value along the run (stride 0).
private struct RepeatedOperand: Operand {
    let value: Float
    init(_ start: UnsafePointer<Float>) { value = start[0] }
    @inline(__always)
    func vector<Vector: SIMD>(_ type: Vector.Type, at j: Int) -> Vector where Vector.Scalar == Float { Vector(repeating: value) }
    subscript(j: Int) -> Float { value }
}
