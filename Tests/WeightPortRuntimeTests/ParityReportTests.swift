import Foundation
import Testing
import WeightPortFormat
@testable import WeightPortRuntime

/// `ParityReport` figures on crafted arrays.
@Suite struct ParityReportTests {
    let expected = try! NDArray(shape: [2, 6], values: [0, 1, 2, 3, 4, 5, /**/ 5, 4, 3, 2, 1, -1])

    @Test("Identical arrays pass with zero differences and full agreement")
    func identical() throws {
        let report = try ParityReport(actual: expected, expected: expected, atol: 0, rtol: 0)
        #expect(report.passed)
        #expect(report.maxAbsDiff == 0 && report.maxRelDiff == 0 && report.meanAbsDiff == 0 && report.minPassingAtol == 0)
        #expect(abs(report.minCosine - 1) < 1e-12)
        #expect(report.top1Agreement == 1 && report.top5Agreement == 1)
        #expect(report.samples.map(\.expectedTop1) == [5, 0])
    }

    @Test("A perturbed array reports exact figures and fails below its smallest passing atol")
    func perturbed() throws {
        var actual = expected
        actual.values[1] += 0.5      // |e| = 1: rel 0.5
        actual.values[11] -= 0.25    // |e| = 1
        let report = try ParityReport(actual: actual, expected: expected, atol: 0.1, rtol: 0.01)
        #expect(!report.passed)
        #expect(report.maxAbsDiff == 0.5)
        #expect(report.maxRelDiff == 0.5)
        #expect(abs(report.meanAbsDiff - 0.75 / 12) < 1e-12)
        #expect(abs(report.minPassingAtol - (0.5 - 0.01 * 1)) < 1e-12)
        #expect(report.top1Agreement == 1)
        let passing = try ParityReport(actual: actual, expected: expected, atol: report.minPassingAtol, rtol: 0.01)
        #expect(passing.passed)
        #expect(!(try ParityReport(actual: actual, expected: expected, atol: report.minPassingAtol * 0.999, rtol: 0.01).passed))
    }

    @Test("A changed top-1 fails even within tolerance, and top-5 counts the expected top-1 among our five largest")
    func topK() throws {
        var actual = expected
        actual.values[4] = 5.001     // sample 0: top-1 moves from 5 to 4
        let report = try ParityReport(actual: actual, expected: expected, atol: 0.01, rtol: 0)
        #expect(!report.passed)
        #expect(report.top1Agreement == 0.5)
        #expect(report.top5Agreement == 1)
        #expect(report.samples[0].actualTop1 == 4 && !report.samples[0].passed && report.samples[1].passed)
        var far = expected
        far.values[0] = 100          // sample 0: expected top-1 (5) drops out of our top 5
        far.values[5] = -100
        let farReport = try ParityReport(actual: far, expected: expected, atol: 1000, rtol: 0)
        #expect(farReport.top5Agreement == 0.5 && farReport.top1Agreement == 0.5)
    }

    @Test("Cosine is computed per sample and the minimum reported")
    func cosine() throws {
        var actual = expected
        for i in 6..<12 { actual.values[i] = -expected.values[i] }
        let report = try ParityReport(actual: actual, expected: expected)
        #expect(abs(report.samples[0].cosine - 1) < 1e-12)
        #expect(abs(report.samples[1].cosine + 1) < 1e-12)
        #expect(abs(report.minCosine + 1) < 1e-12)
    }

    @Test("A shape mismatch is an error, not a report")
    func shapeMismatch() {
        #expect(throws: RuntimeError.shapeMismatch(actual: [12], expected: [2, 6])) {
            try ParityReport(actual: NDArray(zeros: [12]), expected: expected)
        }
    }

    @Test("NaN never passes")
    func nanFails() throws {
        var actual = expected
        actual.values[3] = .nan
        let report = try ParityReport(actual: actual, expected: expected, atol: 1e9, rtol: 1e9)
        #expect(!report.passed && report.maxAbsDiff.isNaN)
    }

    @Test("JSON uses the documented snake_case keys")
    func jsonKeys() throws {
        let report = try ParityReport(actual: expected, expected: expected)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        #expect(Set(object.keys) == ["passed", "atol", "rtol", "max_abs_diff", "max_rel_diff", "mean_abs_diff", "min_cosine",
                                     "top1_agreement", "top5_agreement", "min_passing_atol", "samples"])
        let sample = (object["samples"] as! [[String: Any]])[0]
        #expect(sample["max_abs_diff"] != nil && sample["expected_top1"] != nil && sample["min_passing_atol"] != nil)
        #expect(try JSONDecoder().decode(ParityReport.self, from: JSONEncoder().encode(report)) == report)
    }
}
