/// A named, typed, shaped block of stored weights (or of reference data) with its layout.
///
/// A value type over shared immutable bytes: copying a `Tensor` copies no data. Tensors read from
/// a WPK file are zero-copy views into its mapping.
public struct Tensor: Sendable {
    /// Source name, kept as the source spelled it (`Conv1/kernel`, `features.0.0.weight`).
    public let name: String
    /// Element type.
    public let dtype: DType
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// What each axis means.
    public let layout: TensorLayout
    /// The little-endian element bytes, C order.
    public let storage: ByteStorage

    /// Creates a tensor after checking that `storage` holds exactly `dtype × shape` bytes.
    /// - Throws: `FormatError.tensorSize` when the byte count disagrees or the shape is invalid.
    public init(name: String, dtype: DType, shape: [Int], layout: TensorLayout, storage: ByteStorage) throws {
        guard let expected = Self.byteCount(dtype: dtype, shape: shape), expected == storage.count else {
            throw FormatError.tensorSize(tensor: name, shape: shape, dtype: dtype, byteCount: storage.count)
        }
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.layout = layout
        self.storage = storage
    }

    /// A float32 tensor holding a copy of `values`.
    /// - Throws: `FormatError.tensorSize` when `values.count` is not the product of `shape`.
    public init(name: String, shape: [Int], layout: TensorLayout, floats values: [Float]) throws {
        try self.init(name: name, dtype: .float32, shape: shape, layout: layout, storage: ByteStorage(floats: values))
    }

    /// Number of elements (product of the shape).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Bytes that `dtype × shape` occupy, or `nil` when a dimension is negative or the product
    /// overflows. Safe on untrusted shapes.
    public static func byteCount(dtype: DType, shape: [Int]) -> Int? {
        var total = dtype.byteSize
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            total = product
        }
        return total
    }

    /// The values as `Float`, widening float16. O(n), allocates.
    public func floatValues() -> [Float] {
        let count = elementCount
        let bytes = storage.bytes
        switch dtype {
        case .float32:
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    buffer[index] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                }
                initialized = count
            }
        case .float16:
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))
                    buffer[index] = Float16Bits.float(fromBits: bits)
                }
                initialized = count
            }
        }
    }
}
