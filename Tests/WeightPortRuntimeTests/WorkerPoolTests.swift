import Foundation
import Synchronization
import Testing
@testable import WeightPortRuntime

/// `WorkerPool` on private instances (other tests cannot keep them busy): tasks really run on
/// two threads at once, also after the workers went to sleep, many short jobs in a row, and a
/// claiming job gives the faster thread more items.
@Suite struct WorkerPoolTests {
    /// Two tasks that each wait (up to a deadline) until the other has started.
    final class Rendezvous: Sendable {
        private let arrived = Atomic<Int>(0)
        /// Tasks that saw the other one arrive.
        let met = Atomic<Int>(0)

        /// Task body: arrives, then waits for the second arrival for up to five seconds.
        func meet() {
            arrived.add(1, ordering: .sequentiallyConsistent)
            let deadline = ContinuousClock.now + .seconds(5)
            while arrived.load(ordering: .sequentiallyConsistent) < 2 {
                if ContinuousClock.now > deadline { return }
            }
            met.add(1, ordering: .relaxed)
        }
    }

    @Test func twoTasksRunAtOnceEvenAfterTheWorkerSlept() {
        let pool = WorkerPool(workers: 1)
        for pause in [0, 50, 0, 50] {
            Thread.sleep(forTimeInterval: Double(pause) / 1000)  // longer than the worker's spin
            let rendezvous = Rendezvous()
            pool.perform(tasks: 2) { _ in rendezvous.meet() }
            #expect(rendezvous.met.load(ordering: .relaxed) == 2, "after a \(pause) ms pause the tasks did not run at once")
        }
    }

    @Test func manyShortJobsEachRunEveryTaskOnce() {
        let pool = WorkerPool(workers: 3)
        for job in 0..<20_000 {
            let runs = PlainCounters(count: 2 + job % 7)
            pool.perform(tasks: runs.count) { task in runs[task] += 1 }
            if runs.array != Array(repeating: 1, count: runs.count) {
                Issue.record("job \(job): task runs \(runs.array)")
                return
            }
        }
    }

    @Test func aPoolWithoutWorkersRunsInline() {
        let pool = WorkerPool(workers: 0)
        let order = Mutex<[Int]>([])
        pool.perform(tasks: 4) { task in order.withLock { $0.append(task) } }
        #expect(order.withLock { $0 } == [0, 1, 2, 3])
    }

    @Test func theFasterTaskOfAClaimingJobTakesMoreItems() {
        let pool = WorkerPool(workers: 1)
        let items = PlainCounters(count: 300)
        let taken = PlainCounters(count: 2)
        pool.perform(tasks: 2, claiming: items.count, grain: 1) { task, claims in
            while let range = claims.next() {
                for item in range { items[item] += 1 }
                taken[task] += range.count
                if task == 0 { Thread.sleep(forTimeInterval: 0.05) }  // the slow one
            }
        }
        #expect(items.array.allSatisfy { $0 == 1 })
        // Task 0 claims a third (100) and sleeps; task 1 claims the rest meanwhile.
        #expect(taken[0] < taken[1], "slow task took \(taken[0]) of \(items.count), fast one \(taken[1])")
    }
}
