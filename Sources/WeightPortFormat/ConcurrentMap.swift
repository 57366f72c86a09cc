import Foundation

/// A map over `0..<count` spread over the machine's cores, for the writer's CPU-bound checksum
/// pass that would otherwise leave the second core idle.
enum ConcurrentMap {
    /// `transform(0)`, ..., `transform(count - 1)`, computed on as many threads as
    /// `DispatchQueue.concurrentPerform` uses, returned in index order. O(count) calls.
    /// - Throws: the error of the lowest index whose `transform` threw.
    static func map<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) throws -> T) throws -> [T] {
        let results = UnsafeMutableBufferPointer<Result<T, any Error>?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let slots = Slots(base: results.baseAddress)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.base?[index] = Result { try transform(index) }
        }
        return try results.map { try $0!.get() }
    }

    /// Where each iteration stores its own result: one slot per index, never shared.
    private struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result<T, any Error>?>?
    }
}
