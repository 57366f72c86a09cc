import Foundation

/// How an `InferenceSession` runs.
public struct RuntimeOptions: Sendable, Hashable {
    /// Threads used inside one operation (intra-op parallelism); 1 runs everything on the
    /// calling thread without dispatching.
    public var threads: Int
    /// Whether every depthwise block is fused (`DepthwiseBlock`), not only those large enough to
    /// gain from it; tests set it to exercise the fused kernel at small sizes.
    var fusesEveryDepthwiseBlock = false

    /// Options with `threads` worker threads (default: every active core).
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threads = threads
    }
}
