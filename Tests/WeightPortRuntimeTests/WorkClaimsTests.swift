import Testing
@testable import WeightPortRuntime

/// `WorkClaims`: how a pair of tasks shares its items (from both ends, a third of what is left
/// at a time, meeting exactly), and `Parallel.forEachClaim` on the shared pool.
@Suite struct WorkClaimsTests {
    /// Two tasks over `count` items through one fresh counter.
    static func pair(count: Int, grain: Int = 1) -> (WorkClaims, WorkClaims) {
        let counters: [any ItemClaiming] = [ClaimCounter()]
        return (WorkClaims(task: 0, of: 2, count: count, grain: grain, counters: counters),
                WorkClaims(task: 1, of: 2, count: count, grain: grain, counters: counters))
    }

    @Test func aPairClaimsFromBothEndsUntilTheyMeet() {
        var (first, second) = Self.pair(count: 100)
        var up: [Range<Int>] = [], down: [Range<Int>] = []
        while true {
            let a = first.next(), b = second.next()
            if let a { up.append(a) }
            if let b { down.append(b) }
            if a == nil && b == nil { break }
        }
        // 100 items: 33 (a third), 22 (of 67), 15 (of 45), 10, 6, 4, 3, 2, 1, 1, 1, 1, 1.
        #expect(up.map(\.count) == [33, 15, 6, 3, 1, 1, 1])
        #expect(down.map(\.count) == [22, 10, 4, 2, 1, 1])
        #expect(up.first?.lowerBound == 0 && zip(up, up.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(down.first?.upperBound == 100 && zip(down, down.dropFirst()).allSatisfy { $0.lowerBound == $1.upperBound })
        #expect(up.last?.upperBound == down.last?.lowerBound)
    }

    @Test func aClaimTakesAtLeastTheGrainUnlessLessIsLeft() {
        var (first, second) = Self.pair(count: 10, grain: 4)
        #expect(first.next() == 0..<4)
        #expect(second.next() == 6..<10)
        #expect(first.next() == 4..<6)
        #expect(second.next() == nil)
        #expect(first.next() == nil)
    }

    @Test func indicesWalkFromEachTasksEnd() {
        var (first, second) = Self.pair(count: 9)
        var up: [Int] = [], down: [Int] = []
        while let index = first.nextIndex() {
            up.append(index)
            if let other = second.nextIndex() { down.append(other) }
        }
        while let index = second.nextIndex() { down.append(index) }
        #expect(up == Array(0..<up.count))
        #expect(down == Array((up.count..<9).reversed()))
    }

    @Test func aLoneTaskTakesItsShareWhole() {
        let counters: [any ItemClaiming] = [ClaimCounter(), ClaimCounter()]
        var lone = WorkClaims(task: 2, of: 3, count: 11, grain: 1, counters: counters)
        #expect(lone.next() == 6..<11)
        #expect(lone.next() == nil)
        var whole = WorkClaims(whole: 3..<8)
        #expect(whole.next() == 3..<8)
        #expect(whole.next() == nil)
    }

    /// Every item exactly once, each task's items contiguous, on the shared pool (also with more
    /// threads than cores, a grain above the count, and nested inside another call).
    @Test(arguments: [(1, 2, 1), (2, 2, 1), (7, 2, 2), (112, 2, 1), (1000, 3, 4), (1000, 16, 1), (5, 2, 8), (49, 1, 1)])
    func forEachClaimRunsEveryItemOnce(count: Int, threads: Int, grain: Int) {
        Self.expectEveryItemOnce(count: count, threads: threads, grain: grain)
        Parallel.forEachChunk(count: 2, threads: 2) { _, _ in
            Self.expectEveryItemOnce(count: count, threads: threads, grain: grain)
        }
    }

    static func expectEveryItemOnce(count: Int, threads: Int, grain: Int) {
        let visits = PlainCounters(count: count)
        // Per task: its lowest and highest item and how many it ran (contiguous: high - low + 1).
        let low = PlainCounters(count: threads), high = PlainCounters(count: threads), ran = PlainCounters(count: threads)
        Parallel.forEachClaim(count: count, threads: threads, grain: grain) { task, claims in
            low[task] = Int.max
            high[task] = Int.min
            while let range = claims.next() {
                for item in range { visits[item] += 1 }
                low[task] = min(low[task], range.lowerBound)
                high[task] = max(high[task], range.upperBound - 1)
                ran[task] += range.count
            }
        }
        #expect(visits.array.allSatisfy { $0 == 1 }, "\(count) items, \(threads) threads: visits \(visits.array)")
        for task in 0..<threads where ran[task] > 0 {
            #expect(high[task] - low[task] + 1 == ran[task], "task \(task) ran items that are not contiguous")
        }
    }
}
