import WeightPortFormat

/// Times `InferenceSession.run` on fixed inputs: what `weightport bench` reports.
public struct Benchmark: Sendable {
    /// The session timed (its `options.threads` is reported).
    public let session: InferenceSession
    /// The inputs of every run, by input name, in the source layout.
    public let inputs: [String: NDArray]
    /// Batch size of the inputs (first axis of the first input).
    public let batch: Int

    /// A benchmark on the given inputs.
    public init(session: InferenceSession, inputs: [String: NDArray]) {
        self.session = session
        self.inputs = inputs
        batch = session.model.inputs.first.flatMap { inputs[$0.name]?.shape.first } ?? 1
    }

    /// A benchmark on deterministic pseudo-random inputs in `[-1, 1]` of the declared input
    /// shapes, with the batch axis set to `batch` and any unspecified (`-1`) height and width of a
    /// rank-4 input set to `imageSize`.
    /// - Throws: `RuntimeError.invalidBenchmark` for a batch or size below 1, or an input with
    ///   another unspecified dimension.
    public init(session: InferenceSession, batch: Int = 1, imageSize: Int = 224) throws {
        guard batch >= 1, imageSize >= 1 else {
            throw RuntimeError.invalidBenchmark(reason: "batch \(batch) and image size \(imageSize) must be positive")
        }
        var inputs: [String: NDArray] = [:]
        var state: UInt32 = 0x1234_5678
        for info in session.model.inputs {
            var shape = info.shape
            guard !shape.isEmpty else { throw RuntimeError.invalidBenchmark(reason: "input '\(info.name)' is a scalar") }
            shape[0] = batch
            if shape.count == 4 {
                shape[1] = shape[1] < 0 ? imageSize : shape[1]
                shape[2] = shape[2] < 0 ? imageSize : shape[2]
            }
            guard shape.allSatisfy({ $0 > 0 }) else {
                throw RuntimeError.invalidBenchmark(reason: "input '\(info.name)' has an unspecified dimension: \(info.shape)")
            }
            if info.sourceLayout == .nchw, shape.count == 4 { shape = [shape[0], shape[3], shape[1], shape[2]] }
            var array = NDArray(zeros: shape)
            for index in array.values.indices {
                state = state &* 1_664_525 &+ 1_013_904_223
                array.values[index] = Float(state >> 8) / Float(1 << 23) - 1
            }
            inputs[info.name] = array
        }
        self.init(session: session, inputs: inputs)
    }

    /// Runs `warmup` untimed runs (the first builds the plan), then `iterations` timed runs.
    /// Cost: `warmup + iterations` forward passes.
    /// - Throws: `RuntimeError.invalidBenchmark` for `iterations < 1` or `warmup < 0`; whatever
    ///   `InferenceSession.run` throws for the inputs.
    public func measure(iterations: Int = 50, warmup: Int = 5) throws -> BenchmarkResult {
        guard iterations >= 1, warmup >= 0 else {
            throw RuntimeError.invalidBenchmark(reason: "needs at least 1 iteration and a non-negative warm-up, got \(iterations) and \(warmup)")
        }
        for _ in 0..<warmup { _ = try session.run(inputs) }
        let clock = ContinuousClock()
        var milliseconds: [Double] = []
        milliseconds.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = clock.now
            _ = try session.run(inputs)
            let elapsed = clock.now - start
            milliseconds.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
        }
        return BenchmarkResult(milliseconds: milliseconds, threads: session.options.threads, batch: batch)
    }
}
