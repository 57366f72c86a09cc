/// Time spent in one step of an execution plan, as `InferenceSession.layerTimes` measures it.
public struct LayerTime: Sendable, Hashable {
    /// The first canonical node the step computes (later ones are fused into it).
    public var name: String
    /// The kernel that ran it (`gemm`, `depthwise`, …).
    public var kernel: String
    /// Median wall time over the measured runs.
    public var median: Duration
    /// The 10th percentile of the wall times: the step's speed when the machine is not slowed
    /// down by something else, steadier than the median on a shared host.
    public var p10: Duration
}
