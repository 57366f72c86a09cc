/// Integers in plain memory that tasks update without locks or atomics, as kernels write their
/// outputs: correct only if the parallel code gives each concurrently running task its own
/// elements and orders the tasks' writes before the caller's reads (which the thread sanitizer,
/// `swift test --sanitize=thread`, checks).
final class PlainCounters: @unchecked Sendable {
    /// Number of counters.
    let count: Int
    private let values: UnsafeMutablePointer<Int>

    /// `count` zeroed counters.
    init(count: Int) {
        self.count = count
        values = .allocate(capacity: max(count, 1))
        values.initialize(repeating: 0, count: max(count, 1))
    }

    deinit { values.deallocate() }

    /// The counter at `index`.
    subscript(index: Int) -> Int {
        get { values[index] }
        set { values[index] = newValue }
    }

    /// All counters, in order.
    var array: [Int] { Array(UnsafeBufferPointer(start: values, count: count)) }
}
