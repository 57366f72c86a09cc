/// Owned, zero-initialised, 64-byte-aligned float memory: packed weights and plan arenas.
///
/// A reference type so that steps can hold raw pointers into it while a plan keeps it alive.
/// The memory is written only while a plan is built or run under the session's lock.
final class FloatBuffer: @unchecked Sendable {
    /// First element; valid while this object lives.
    let pointer: UnsafeMutablePointer<Float>
    /// Number of elements.
    let count: Int

    /// Allocates `count` zeroed floats. O(count).
    init(count: Int) {
        precondition(count >= 0, "negative buffer size")
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
        self.count = count
    }

    /// Copies `values`. O(n).
    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.update(from: base, count: values.count) }
        }
    }

    deinit {
        pointer.deallocate()
    }
}
