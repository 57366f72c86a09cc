import Foundation

/// How an `InferenceSession` runs.
public struct RuntimeOptions: Sendable, Hashable {
    /// Threads used inside one operation (intra-op parallelism); 1 runs everything on the
    /// calling thread without dispatching.
    public var threads: Int
    /// Bytes of one image's depthwise input above which a depthwise convolution is fused with
    /// its neighbouring pointwise convolutions (`DepthwiseBlock`); tests lower it to fuse every
    /// block.
    var blockFusionMinimumBytes = DepthwiseBlock.minimumInputBytes

    /// Options with `threads` worker threads (default: every active core).
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threads = threads
    }
}
