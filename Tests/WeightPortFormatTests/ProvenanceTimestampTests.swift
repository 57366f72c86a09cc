import Foundation
import Testing
import WeightPortFormat

/// `Provenance.timestamp` writes what `ISO8601DateFormatter` writes, without ICU.
@Suite struct ProvenanceTimestampTests {
    @Test(arguments: [0, 951_782_400, 1_700_000_000.999, 1_798_761_599, 4_102_444_800, -86_400.5])
    func timestampEqualsTheFoundationFormatter(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Provenance.timestamp(date) == ISO8601DateFormatter().string(from: date))
    }

    @Test func timestampIsUTCToTheSecond() {
        #expect(Provenance.timestamp(Date(timeIntervalSince1970: 1_795_622_400.75)) == "2026-11-25T16:00:00Z")
    }
}
