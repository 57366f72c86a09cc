import Synchronization

/// The work items one task of `Parallel.forEachClaim` runs, claimed as the task goes so that a
/// faster thread takes more of them.
///
/// The tasks work in pairs on a contiguous share of the items (the whole range with two
/// tasks): the pair's first task claims from the start of the share upwards, its second from the
/// end downwards, each claim a third of what is left (at least `grain` items), until they meet.
/// So each task's items stay contiguous, at the same end from one operation to the next (where
/// its core's cache holds what it wrote), and the meeting point follows the threads' speeds —
/// the two virtual cores here ran up to 1.5× apart, which of them was faster changing within
/// seconds. A lone task (the last of an odd number, or the only one) takes its share whole.
struct WorkClaims {
    /// The items this task shares with its partner.
    let share: Range<Int>
    /// Whether the task walks `share` upwards from its start (otherwise downwards from its end).
    let upwards: Bool
    /// Where the pair claims items; nil for a lone task.
    private let counter: (any ItemClaiming)?
    /// The fewest items a claim takes (unless fewer are left).
    private let grain: Int
    /// Items this task has claimed so far, from its end of `share`.
    private var taken = 0
    /// The claimed items `nextIndex()` has not returned yet.
    private var pending = 0..<0

    /// All of `items`, as one claim.
    init(whole items: Range<Int>) {
        share = items
        upwards = true
        counter = nil
        grain = 1
    }

    /// Task `task` of `tasks` over `0..<count`, claiming through `counters[task / 2]` (reset to 0
    /// before the tasks start).
    init(task: Int, of tasks: Int, count: Int, grain: Int, counters: [any ItemClaiming]) {
        let pairs = (tasks + 1) / 2, pair = task / 2
        share = Parallel.chunk(pair, of: pairs, count: count)
        upwards = task % 2 == 0
        counter = task == tasks - 1 && upwards ? nil : counters[pair]
        self.grain = grain
    }

    /// The next items this task claims (ascending within the range), or nil when none is left.
    mutating func next() -> Range<Int>? {
        let claimed: Int
        if let counter {
            guard let count = counter.claim(of: share.count, grain: grain) else { return nil }
            claimed = count
        } else {
            guard taken == 0, !share.isEmpty else { return nil }
            claimed = share.count
        }
        defer { taken += claimed }
        return upwards ? (share.lowerBound + taken)..<(share.lowerBound + taken + claimed)
            : (share.upperBound - taken - claimed)..<(share.upperBound - taken)
    }

    /// The next item in this task's walking order (ascending, or descending for a pair's second
    /// task), claiming more as needed; nil when none is left.
    mutating func nextIndex() -> Int? {
        if pending.isEmpty {
            guard let range = next() else { return nil }
            pending = range
        }
        return upwards ? pending.popFirst() : pending.popLast()
    }
}

/// Where a pair of tasks claims its items (a protocol so that `WorkClaims` itself needs no
/// `Synchronization`, which `ClaimCounter` does, and builds for the package's oldest platforms).
protocol ItemClaiming: AnyObject, Sendable {
    /// Forgets every claim, before a new job's tasks start.
    func reset()
    /// Claims a third of the items of `count` not yet claimed, at least `grain` (or all that are
    /// left); returns how many, or nil when every item is claimed.
    func claim(of count: Int, grain: Int) -> Int?
}

/// How many of a pair's items its two tasks have claimed together.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class ClaimCounter: ItemClaiming {
    private let claimed = Atomic<Int>(0)

    func reset() {
        claimed.store(0, ordering: .relaxed)
    }

    func claim(of count: Int, grain: Int) -> Int? {
        var seen = claimed.load(ordering: .relaxed)
        while true {
            let left = count - seen
            guard left > 0 else { return nil }
            let take = min(left, max(grain, left / 3))
            let (exchanged, current) = claimed.compareExchange(expected: seen, desired: seen + take, ordering: .relaxed)
            if exchanged { return take }
            seen = current
        }
    }
}
