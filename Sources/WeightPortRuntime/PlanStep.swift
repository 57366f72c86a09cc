/// One kernel invocation of an execution plan, bound to arena and weight memory.
enum PlanStep: Sendable {
    case gemmConvolution(GEMMConvolution)
    case depthwiseConvolution(DepthwiseConvolution)
    case depthwiseBlock(DepthwiseBlock)
    case pooling(Pooling)
    case globalAveragePooling(GlobalAveragePooling)
    case binary(BinaryElementwise)
    case channelMap(ChannelMap)
    case softmax(Softmax)
    case pad(ConstantPad)

    /// Runs the kernel.
    func run() {
        switch self {
        case let .gemmConvolution(kernel): kernel.run()
        case let .depthwiseConvolution(kernel): kernel.run()
        case let .depthwiseBlock(kernel): kernel.run()
        case let .pooling(kernel): kernel.run()
        case let .globalAveragePooling(kernel): kernel.run()
        case let .binary(kernel): kernel.run()
        case let .channelMap(kernel): kernel.run()
        case let .softmax(kernel): kernel.run()
        case let .pad(kernel): kernel.run()
        }
    }

    /// A short name of the kernel, for profiles.
    var kernelName: String {
        switch self {
        case .gemmConvolution: "gemm"
        case .depthwiseConvolution: "depthwise"
        case .depthwiseBlock: "dw_block"
        case .pooling: "pooling"
        case .globalAveragePooling: "global_pool"
        case .binary: "elementwise"
        case .channelMap: "channel_map"
        case .softmax: "softmax"
        case .pad: "pad"
        }
    }
}
