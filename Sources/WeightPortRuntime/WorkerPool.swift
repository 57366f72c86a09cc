import Foundation
import Synchronization

/// Persistent threads that run the tasks of one job at a time together with the calling thread,
/// so that handing work to another core costs about a microsecond instead of a dispatch.
///
/// A job is published by bumping an epoch in one atomic control word; its tasks are claimed with
/// an atomic counter. Workers spin for `workerSpin` after a job, waiting for the next one, then
/// sleep until a caller wakes them. While a job runs, further calls (from other threads, or
/// nested inside a task) run their tasks inline on their own thread.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class WorkerPool: Sendable {
    /// The process-wide pool: one worker per active core besides the calling thread.
    static let shared = WorkerPool(workers: ProcessInfo.processInfo.activeProcessorCount - 1)

    /// How long an idle worker polls for the next job before sleeping.
    static let workerSpin = Duration.microseconds(200)
    /// How long the caller polls for the workers to finish before sleeping.
    static let callerSpin = Duration.microseconds(200)

    /// One job: `tasks` calls of `body`, one per task index.
    private struct Job: Sendable {
        let tasks: Int
        let body: @Sendable (_ task: Int) -> Void
    }

    /// Whether a caller owns the pool (publishes and waits for the current job).
    private let busy = Atomic<Bool>(false)
    /// `epoch << epochShift | closed | inside`: which job is current, whether workers may still
    /// join it, and how many joined workers have not yet left it.
    private let control = Atomic<Int>(WorkerPool.closedBit)
    /// The next unclaimed task index of the current job.
    private let nextTask = Atomic<Int>(0)
    /// The current job; set before its epoch opens, cleared after every worker has left it.
    private let job = Mutex<Job?>(nil)
    /// One parker per worker, where it sleeps between jobs.
    private let workerParkers: [Parker]
    /// Where the owning caller sleeps while workers finish its job.
    private let callerParker = Parker()
    /// One counter per pair of tasks of a claiming job (`perform(tasks:claiming:grain:_:)`).
    private let claimCounters: [any ItemClaiming]

    /// Bits of `control` counting the joined workers that have not left.
    private static let insideMask = (1 << 16) - 1
    /// Bit of `control` set once the caller has run out of tasks: no worker may join any more.
    private static let closedBit = 1 << 16
    /// Where the epoch (job number) starts in `control`.
    private static let epochShift = 17

    /// Starts `workers` threads (none when `workers <= 0`: every job then runs inline). The
    /// threads, and so the pool, live until the process exits.
    init(workers: Int) {
        workerParkers = (0..<max(workers, 0)).map { _ in Parker() }
        claimCounters = (0..<(max(workers, 0) + 2) / 2).map { _ in ClaimCounter() }
        for index in workerParkers.indices {
            Thread { [self] in
                Thread.current.name = "wp-worker-\(index)"  // on the thread itself, under 16 bytes: Linux shows it
                work(parker: workerParkers[index])
            }.start()
        }
    }

    /// Calls `body(task)` exactly once for each `task` in `0..<tasks`, spread over the calling
    /// thread and idle workers; returns when every call has returned. Concurrently running calls
    /// have distinct task indices. Runs inline when `tasks < 2`, the pool has no workers, or the
    /// pool is already running a job (another caller's, or this one's when nested).
    func perform(tasks: Int, _ body: @Sendable (_ task: Int) -> Void) {
        guard acquire(tasks: tasks) else {
            for task in 0..<tasks { body(task) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        run(tasks: tasks, body)
    }

    /// Calls `body(task, &claims)` once for each `task` in `0..<tasks` as `perform` does, where
    /// the tasks claim the items `0..<count` through `claims` as they go (`WorkClaims`, claims of
    /// at least `grain` items). Run inline, one call claims every item at once.
    func perform(tasks: Int, claiming count: Int, grain: Int, _ body: @Sendable (_ task: Int, _ claims: inout WorkClaims) -> Void) {
        // More tasks than threads would only run one after another: the claims balance anyway.
        let tasks = min(tasks, concurrency)
        guard acquire(tasks: tasks) else {
            var claims = WorkClaims(whole: 0..<count)
            body(0, &claims)
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        let counters = claimCounters
        for counter in counters.prefix((tasks + 1) / 2) { counter.reset() }
        run(tasks: tasks) { task in
            var claims = WorkClaims(task: task, of: tasks, count: count, grain: grain, counters: counters)
            body(task, &claims)
        }
    }

    /// The most tasks a job runs at once: one per worker, and the caller's.
    var concurrency: Int { workerParkers.count + 1 }

    /// Takes the pool for a job of `tasks` tasks; false when it runs inline instead.
    private func acquire(tasks: Int) -> Bool {
        tasks > 1 && !workerParkers.isEmpty
            && busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    /// Publishes a job to the workers, helps with it and waits for it to finish (the pool taken).
    private func run(tasks: Int, _ body: @Sendable (_ task: Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            job.withLock { $0 = Job(tasks: tasks, body: body) }
            nextTask.store(0, ordering: .relaxed)
            let epoch = (control.load(ordering: .relaxed) >> Self.epochShift) &+ 1
            control.store(epoch << Self.epochShift, ordering: .sequentiallyConsistent)
            for parker in workerParkers.prefix(tasks - 1) { parker.unpark() }
            claimTasks(tasks: tasks, body: body)
            control.bitwiseOr(Self.closedBit, ordering: .sequentiallyConsistent)
            callerParker.wait(spinning: Self.callerSpin) {
                control.load(ordering: .sequentiallyConsistent) & Self.insideMask == 0
            }
            job.withLock { $0 = nil }
        }
    }

    /// Runs unclaimed tasks of the current job until none is left.
    private func claimTasks(tasks: Int, body: @Sendable (_ task: Int) -> Void) {
        while true {
            let task = nextTask.wrappingAdd(1, ordering: .relaxed).oldValue
            guard task < tasks else { return }
            body(task)
        }
    }

    /// A worker's life: wait for an open job it has not joined, join it, help, leave; forever.
    private func work(parker: Parker) -> Never {
        var joinedEpoch = 0
        while true {
            parker.wait(spinning: Self.workerSpin) {
                Self.isJoinable(control.load(ordering: .sequentiallyConsistent), after: joinedEpoch)
            }
            var state = control.load(ordering: .sequentiallyConsistent)
            while Self.isJoinable(state, after: joinedEpoch) {
                let (joined, current) = control.compareExchange(
                    expected: state, desired: state + 1, ordering: .sequentiallyConsistent)
                if joined {
                    joinedEpoch = state >> Self.epochShift
                    helpWithCurrentJob()
                    let left = control.wrappingSubtract(1, ordering: .sequentiallyConsistent).newValue
                    if left & (Self.closedBit | Self.insideMask) == Self.closedBit { callerParker.unpark() }
                    break
                }
                state = current
            }
        }
    }

    /// Claims tasks of the job the worker has joined. Not inlined, so that the worker's copy of
    /// the job's closure is released before it leaves the job (the caller's closure must not
    /// outlive its call).
    @inline(never)
    private func helpWithCurrentJob() {
        guard let current = job.withLock({ $0 }) else { preconditionFailure("joined a job that is not set") }
        claimTasks(tasks: current.tasks, body: current.body)
    }

    /// Whether `state` is an open job of another epoch than `joinedEpoch`.
    private static func isJoinable(_ state: Int, after joinedEpoch: Int) -> Bool {
        state & closedBit == 0 && state >> epochShift != joinedEpoch
    }
}
