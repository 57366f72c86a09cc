import WeightPortFormat

/// An integer of shape arithmetic: a known value, or the model's batch size (unknown until run
/// time). Lets `Shape → Gather → Unsqueeze → Concat → Reshape` chains fold with a dynamic batch.
enum SymbolicInt: Hashable {
    case value(Int)
    case batch
}

/// A floating-point value known at import time: an initializer, a `Constant`, or what folding made
/// of them. Its storage keeps the source's precision (float16 stays float16).
struct FloatConstant {
    /// Tensor name to store it under: the initializer's name, or the producing node's output.
    var name: String
    /// Element type of `storage` (`float32` or `float16`); both mean "float" to the graph.
    var dtype: DType
    /// Dimensions in ONNX order.
    var dims: [Int]
    /// Little-endian elements, C order.
    var storage: ByteStorage
    /// Whether folding computed it (`Expand`, a cast from integers) rather than the file storing it.
    var isComputed = false

    var elementCount: Int { dims.reduce(1, *) }

    /// The values widened to `Float`. O(n).
    func floats() -> [Float] {
        let bytes = storage.bytes
        switch dtype {
        case .float32:
            return (0..<elementCount).map { Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        case .float16:
            return (0..<elementCount).map { Float16Bits.float(fromBits: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
        }
    }

    /// The same elements under new dimensions (same count).
    func reshaped(_ dims: [Int], name: String) -> FloatConstant {
        FloatConstant(name: name, dtype: dtype, dims: dims, storage: storage)
    }

    /// The elements with their axes permuted: result axis `j` is axis `permutation[j]`. O(n).
    func transposed(_ permutation: [Int], name: String) -> FloatConstant {
        let size = dtype.byteSize
        let newDims = permutation.map { dims[$0] }
        guard elementCount > 0 else { return FloatConstant(name: name, dtype: dtype, dims: newDims, storage: storage) }
        var strides = [Int](repeating: size, count: dims.count)
        for axis in stride(from: dims.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * dims[axis + 1] }
        let sourceStrides = permutation.map { strides[$0] }
        let count = elementCount
        let source = storage.bytes
        let result = ByteStorage(count: count * size) { target in
            guard let targetBase = target.baseAddress, let sourceBase = source.baseAddress else { return }
            var index = [Int](repeating: 0, count: newDims.count)
            var sourceOffset = 0
            for element in 0..<count {
                (targetBase + element * size).copyMemory(from: sourceBase + sourceOffset, byteCount: size)
                var axis = newDims.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    sourceOffset += sourceStrides[axis]
                    if index[axis] < newDims[axis] { break }
                    sourceOffset -= sourceStrides[axis] * newDims[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        return FloatConstant(name: name, dtype: dtype, dims: newDims, storage: result)
    }

    /// A float32 constant holding `values`.
    static func float32(name: String, dims: [Int], values: [Float]) -> FloatConstant {
        FloatConstant(name: name, dtype: .float32, dims: dims, storage: ByteStorage(floats: values))
    }

    /// The same values stored as `dtype` (float16 rounds to nearest, ties to even, as ONNX `Cast`).
    func converted(to target: DType) -> FloatConstant {
        guard target != dtype else { return self }
        switch target {
        case .float32:
            return .float32(name: name, dims: dims, values: floats())
        case .float16:
            let halves = floats().map { Float16Bits.bits(from: $0).littleEndian }
            let storage = ByteStorage(count: halves.count * 2) { buffer in halves.withUnsafeBytes { buffer.copyMemory(from: $0) } }
            return FloatConstant(name: name, dtype: .float16, dims: dims, storage: storage)
        }
    }
}

/// An integer tensor known at import time (shapes, axes, pads), possibly holding the batch size.
struct IntConstant {
    var dims: [Int]
    var values: [SymbolicInt]

    /// The values when none is the symbolic batch size.
    var staticValues: [Int]? {
        var result: [Int] = []
        for value in values {
            guard case let .value(number) = value else { return nil }
            result.append(number)
        }
        return result
    }
}

/// A value of the ONNX graph known at import time.
enum ONNXConstant {
    case floats(FloatConstant)
    case ints(IntConstant)

    var dims: [Int] {
        switch self {
        case let .floats(constant): constant.dims
        case let .ints(constant): constant.dims
        }
    }
}
