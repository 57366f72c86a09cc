import Dispatch
import Foundation
import Synchronization

/// Lets one thread wait for a condition that other threads make true: it spins for a while
/// (cheap to wake, burns the core), then sleeps until `unpark()` (frees the core).
///
/// Only one thread may wait on a given parker at a time; any thread may unpark it. The condition
/// must read its atomics with sequentially consistent ordering, and whoever makes it true must
/// do so with a sequentially consistent write before calling `unpark()`: then either the waiter
/// sees the condition before sleeping, or the unparker sees the waiter asleep and wakes it.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class Parker: Sendable {
    /// Whether the waiter has announced that it is about to sleep on `semaphore`.
    private let sleeping = Atomic<Bool>(false)
    /// Where the waiter sleeps; signalled once for each announced sleep that `unpark()` claims.
    private let semaphore = DispatchSemaphore(value: 0)

    /// Returns once `ready()` holds: polls it for up to `spin`, then sleeps until unparked, and
    /// repeats (spurious wake-ups are harmless).
    func wait(spinning spin: Duration, until ready: () -> Bool) {
        while !Self.poll(for: spin, until: ready) {
            sleep(unless: ready)
        }
    }

    /// Wakes the waiter if it is asleep or about to sleep; costs one atomic exchange otherwise.
    func unpark() {
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) {
            semaphore.signal()
        }
    }

    /// Sleeps until `unpark()`, unless `ready()` holds once the sleep is announced.
    private func sleep(unless ready: () -> Bool) {
        sleeping.store(true, ordering: .sequentiallyConsistent)
        if ready(), sleeping.exchange(false, ordering: .sequentiallyConsistent) {
            return
        }
        // Either not ready, or an unparker claimed the announced sleep and will signal: wait for
        // that signal so that the semaphore's count stays balanced.
        semaphore.wait()
    }

    /// Calls `ready()` until it holds or `budget` has elapsed; returns whether it held. Yields
    /// the core between rounds of polls, so that a busy machine's other threads (the one that
    /// will make `ready()` true, say) still get it.
    private static func poll(for budget: Duration, until ready: () -> Bool) -> Bool {
        if ready() { return true }
        let clock = ContinuousClock()
        let deadline = clock.now + budget
        repeat {
            for _ in 0..<64 where ready() { return true }
            sched_yield()
        } while clock.now < deadline
        return ready()
    }
}
