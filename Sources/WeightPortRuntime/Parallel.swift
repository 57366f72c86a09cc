import Dispatch

/// Intra-op parallelism: splits `count` independent work items over up to `threads` threads.
enum Parallel {
    /// Calls `body(range)` on disjoint ranges covering `0..<count`, one range per task, on up to
    /// `threads` threads; `body` also receives the task index (for per-task scratch memory),
    /// which is below `threads` and distinct among concurrently running calls. Runs on the
    /// process-wide `WorkerPool`; with one thread (or one item), nested inside another call, or
    /// while another thread uses the pool, it runs inline.
    static func forEachChunk(count: Int, threads: Int, _ body: @Sendable (_ task: Int, _ range: Range<Int>) -> Void) {
        guard count > 0 else { return }
        let tasks = max(1, min(threads, count))
        if tasks == 1 {
            body(0, 0..<count)
            return
        }
        let chunkOf: @Sendable (Int) -> Void = { task in body(task, chunk(task, of: tasks, count: count)) }
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            WorkerPool.shared.perform(tasks: tasks, chunkOf)
        } else {
            DispatchQueue.concurrentPerform(iterations: tasks, execute: chunkOf)
        }
    }

    /// Calls `body(task, &claims)` once per task, on up to `threads` threads (or `count /
    /// grain` when fewer), where each task runs the items of `0..<count` it claims through
    /// `claims` (`WorkClaims`: claims of at least `grain` items, contiguous per task, more for
    /// the faster threads); every item is claimed exactly once. `task` indexes per-task scratch
    /// memory, as for `forEachChunk`; one thread (or a nested call) claims every item at once.
    static func forEachClaim(count: Int, threads: Int, grain: Int = 1,
                             _ body: @Sendable (_ task: Int, _ claims: inout WorkClaims) -> Void) {
        guard count > 0 else { return }
        let tasks = max(1, min(threads, (count + grain - 1) / grain))
        if tasks > 1, #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            WorkerPool.shared.perform(tasks: tasks, claiming: count, grain: grain, body)
        } else if tasks > 1 {
            DispatchQueue.concurrentPerform(iterations: tasks) { task in
                var claims = WorkClaims(whole: chunk(task, of: tasks, count: count))
                body(task, &claims)
            }
        } else {
            var claims = WorkClaims(whole: 0..<count)
            body(0, &claims)
        }
    }

    /// The `task`-th of `tasks` near-equal contiguous ranges of `0..<count`.
    static func chunk(_ task: Int, of tasks: Int, count: Int) -> Range<Int> {
        let base = count / tasks, extra = count % tasks
        let start = task * base + min(task, extra)
        return start..<(start + base + (task < extra ? 1 : 0))
    }
}
