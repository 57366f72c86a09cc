import Dispatch
import Synchronization
import Testing
@testable import WeightPortRuntime

/// `Parallel.forEachChunk` on the shared pool: coverage, task indices, concurrent and nested callers.
@Suite struct ParallelTests {
    /// What the calls of one `forEachChunk` did, written as kernels write: without locks.
    final class Record: Sendable {
        /// How many times each index was visited.
        let visits: PlainCounters
        /// How many times each task index was called (tasks beyond `threads` would trap).
        let taskCalls: PlainCounters
        /// Bit `task` is set while a call with that task index runs.
        let running = Atomic<UInt64>(0)
        /// Calls that started while another call with the same task index was running.
        let overlaps = Atomic<Int>(0)

        init(count: Int, threads: Int) {
            visits = PlainCounters(count: count)
            taskCalls = PlainCounters(count: threads)
        }

        /// Records one call of the body.
        func visit(task: Int, range: Range<Int>) {
            let bit: UInt64 = 1 << task
            if running.bitwiseOr(bit, ordering: .relaxed).oldValue & bit != 0 { overlaps.add(1, ordering: .relaxed) }
            taskCalls[task] += 1
            for index in range { visits[index] += 1 }
            running.bitwiseAnd(~bit, ordering: .relaxed)
        }

        /// Checks the record after `forEachChunk` returned.
        func expectComplete(sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(visits.array.allSatisfy { $0 == 1 }, "an index not visited exactly once", sourceLocation: sourceLocation)
            let tasks = min(taskCalls.count, visits.count)
            let expected = Array(repeating: 1, count: tasks) + Array(repeating: 0, count: taskCalls.count - tasks)
            #expect(taskCalls.array == expected, "calls per task index", sourceLocation: sourceLocation)
            #expect(overlaps.load(ordering: .relaxed) == 0, "a task index ran twice at once", sourceLocation: sourceLocation)
        }
    }

    /// Records one `forEachChunk(count:threads:)`.
    static func run(count: Int, threads: Int) -> Record {
        let record = Record(count: count, threads: threads)
        Parallel.forEachChunk(count: count, threads: threads) { record.visit(task: $0, range: $1) }
        return record
    }

    @Test(arguments: [(0, 2), (1, 4), (2, 2), (7, 2), (7, 3), (5, 8), (1000, 2), (1000, 16), (4096, 1)])
    func everyIndexOnceWithDistinctTasks(count: Int, threads: Int) {
        Self.run(count: count, threads: threads).expectComplete()
    }

    @Test func concurrentCallersEachCoverTheirIndices() {
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            for round in 0..<200 {
                Self.run(count: 1 + (caller * 37 + round * 11) % 300, threads: 2 + caller % 3).expectComplete()
            }
        }
    }

    @Test func nestedCallsRunInsideTheirTask() {
        let outer = Record(count: 6, threads: 3)
        let inner = PlainCounters(count: 6 * 50)
        Parallel.forEachChunk(count: 6, threads: 3) { task, range in
            outer.visit(task: task, range: range)
            for row in range {
                Parallel.forEachChunk(count: 50, threads: 2) { _, columns in
                    for column in columns { inner[row * 50 + column] += 1 }
                }
            }
        }
        outer.expectComplete()
        #expect(inner.array.allSatisfy { $0 == 1 })
    }
}
