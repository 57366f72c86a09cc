import Synchronization

/// Immutable bytes of one tensor: either memory this object owns (64-byte aligned) or a zero-copy
/// view into memory kept alive by an owner, such as a memory-mapped WPK file.
///
/// Sharing across tasks is safe: the bytes never change after initialisation.
public final class ByteStorage: @unchecked Sendable {
    /// Alignment of owned memory, and of tensors inside a WPK data section.
    public static let alignment = 64

    /// First byte. Valid while this object lives.
    public let baseAddress: UnsafeRawPointer
    /// Number of bytes.
    public let count: Int
    private let owner: (any AnyObject & Sendable)?
    private let ownsMemory: Bool
    /// `checksum`, once computed.
    private let knownChecksum = Mutex<UInt64?>(nil)

    /// Copies `bytes` into new 64-byte-aligned memory. O(n).
    public init(copying bytes: UnsafeRawBufferPointer) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: Self.alignment)
        if let source = bytes.baseAddress, bytes.count > 0 {
            memory.copyMemory(from: source, byteCount: bytes.count)
        }
        baseAddress = UnsafeRawPointer(memory)
        count = bytes.count
        owner = nil
        ownsMemory = true
    }

    /// Allocates `count` bytes (64-byte aligned) and lets `initialize` fill all of them. O(n).
    public init(count: Int, initializingWith initialize: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: Self.alignment)
        do {
            try initialize(UnsafeMutableRawBufferPointer(start: memory, count: count))
        } catch {
            memory.deallocate()
            throw error
        }
        baseAddress = UnsafeRawPointer(memory)
        self.count = count
        owner = nil
        ownsMemory = true
    }

    /// A zero-copy view of `count` bytes at `baseAddress`, valid as long as `owner` lives. O(1).
    /// The caller guarantees the range lies inside memory that `owner` keeps mapped and unchanged.
    public init(viewing baseAddress: UnsafeRawPointer, count: Int, owner: any AnyObject & Sendable) {
        self.baseAddress = baseAddress
        self.count = count
        self.owner = owner
        ownsMemory = false
    }

    /// Copies `values` into new aligned memory. O(n).
    public convenience init(floats values: [Float]) {
        self.init(count: values.count * MemoryLayout<Float>.size) { buffer in
            values.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
    }

    deinit {
        if ownsMemory { UnsafeMutableRawPointer(mutating: baseAddress).deallocate() }
    }

    /// The bytes, valid while this object lives.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: baseAddress, count: count) }

    /// The XXH64 (seed 0) of the bytes, as a WPK manifest records it: computed on first use, by
    /// whichever thread asks first (a caller asking meanwhile waits for it), then kept. O(n) once.
    public var checksum: UInt64 {
        knownChecksum.withLock { known in
            if let known { return known }
            let value = XXH64.hash(bytes)
            known = value
            return value
        }
    }

    /// Whether `checksum` has been computed (it is then O(1)).
    public var checksumIsKnown: Bool { knownChecksum.withLock { $0 != nil } }
}
