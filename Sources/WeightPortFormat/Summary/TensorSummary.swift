/// One stored tensor as `inspect --tensors` lists it. Reads no tensor data.
public struct TensorSummary: Sendable, Hashable, Codable {
    /// Source name of the tensor (`conv1/kernel`).
    public var name: String
    /// Element type.
    public var dtype: DType
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// Axis meaning (`kh_kw_cin_cout`, `in_out`, `c`, ...).
    public var layout: TensorLayout
    /// Stored size in bytes.
    public var bytes: Int
    /// A checksum the caller supplies (the manifest's XXH64 for a `.wpk`), or `nil`.
    public var checksum: String?

    /// Describes `tensor`, with an optional checksum.
    public init(_ tensor: Tensor, checksum: String? = nil) {
        name = tensor.name
        dtype = tensor.dtype
        shape = tensor.shape
        layout = tensor.layout
        bytes = tensor.storage.count
        self.checksum = checksum
    }
}
