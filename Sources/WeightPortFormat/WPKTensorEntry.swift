/// The manifest record of one tensor stored in the data section:
/// `{"name", "dtype", "shape", "layout", "offset", "length", "xxh64"}`.
struct WPKTensorEntry: Codable {
    /// Tensor name.
    var name: String
    /// Element type.
    var dtype: DType
    /// Dimensions.
    var shape: [Int]
    /// Axis meaning.
    var layout: TensorLayout
    /// Byte offset from the start of the data section (a multiple of 64).
    var offset: Int
    /// Byte length (= dtype size × product of shape).
    var length: Int
    /// XXH64 (seed 0) of the tensor's bytes, 16 lowercase hex digits.
    var xxh64: String

    /// The entry for `tensor` stored at `offset`, whose bytes hash to `checksum`
    /// (`tensor.storage.checksum`). O(1).
    init(_ tensor: Tensor, offset: Int, checksum: UInt64) {
        name = tensor.name
        dtype = tensor.dtype
        shape = tensor.shape
        layout = tensor.layout
        self.offset = offset
        length = tensor.storage.count
        xxh64 = XXH64.hex(checksum)
    }
}
