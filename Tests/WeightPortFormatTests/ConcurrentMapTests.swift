import Testing
@testable import WeightPortFormat

@Suite struct ConcurrentMapTests {
    struct Failure: Error, Equatable { let index: Int }

    @Test func resultsComeInIndexOrder() throws {
        #expect(try ConcurrentMap.map(1000) { $0 * $0 } == (0..<1000).map { $0 * $0 })
        #expect(try ConcurrentMap.map(0) { $0 } == [])
    }

    @Test func theLowestFailingIndexIsThrown() {
        #expect(throws: Failure(index: 3)) {
            try ConcurrentMap.map(100) { index in
                if index >= 3, index % 3 == 0 { throw Failure(index: index) }
                return index
            }
        }
    }
}
