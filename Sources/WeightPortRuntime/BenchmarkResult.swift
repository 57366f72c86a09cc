/// Latency of repeated runs of one model, as `weightport bench --json` prints it
/// (snake_case keys: `median_ms`, `p10_ms`, `p90_ms`, `min_ms`, `iterations`, `threads`, `batch`).
public struct BenchmarkResult: Sendable, Hashable, Codable {
    /// Median wall-clock time of one run, in milliseconds.
    public var medianMs: Double
    /// 10th percentile (nearest rank), in milliseconds.
    public var p10Ms: Double
    /// 90th percentile (nearest rank), in milliseconds.
    public var p90Ms: Double
    /// Fastest run, in milliseconds.
    public var minMs: Double
    /// Timed runs (warm-up excluded).
    public var iterations: Int
    /// Intra-op threads of the session.
    public var threads: Int
    /// Batch size of the input.
    public var batch: Int

    /// Summarises `milliseconds` (one entry per timed run; at least one).
    public init(milliseconds: [Double], threads: Int, batch: Int) {
        precondition(!milliseconds.isEmpty, "no timings")
        let sorted = milliseconds.sorted()
        func rank(_ fraction: Double) -> Double { sorted[Int((Double(sorted.count - 1) * fraction).rounded())] }
        let middle = sorted.count / 2
        medianMs = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        p10Ms = rank(0.1)
        p90Ms = rank(0.9)
        minMs = sorted[0]
        iterations = sorted.count
        self.threads = threads
        self.batch = batch
    }

    enum CodingKeys: String, CodingKey {
        case iterations, threads, batch
        case medianMs = "median_ms"
        case p10Ms = "p10_ms"
        case p90Ms = "p90_ms"
        case minMs = "min_ms"
    }
}
