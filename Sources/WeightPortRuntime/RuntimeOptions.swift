import Foundation

/// How an `InferenceSession` runs.
public struct RuntimeOptions: Sendable, Hashable {
    /// Threads used inside one operation (intra-op parallelism); 1 runs everything on the
    /// calling thread without dispatching.
    public var threads: Int

    /// Options with `threads` worker threads (default: every active core).
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threads = threads
    }
}
