import Foundation
import WeightPortRuntime

/// The human-readable form of a `ParityReport`: the figures a user checks, then one row per sample.
enum ParityText {
    static func render(_ report: ParityReport) -> String {
        func number(_ value: Double) -> String { String(format: "%.3g", value) }
        var lines = [
            "  tolerance      atol \(number(report.atol)), rtol \(number(report.rtol))",
            "  max abs diff   \(number(report.maxAbsDiff))   (smallest passing atol: \(number(report.minPassingAtol)))",
            "  max rel diff   \(number(report.maxRelDiff))",
            "  mean abs diff  \(number(report.meanAbsDiff))",
            "  min cosine     \(String(format: "%.9f", report.minCosine))",
            "  top-1 / top-5  \(String(format: "%.0f%% / %.0f%%", report.top1Agreement * 100, report.top5Agreement * 100))",
            "  sample  max abs diff  cosine       top-1 (ours/expected)  verdict",
        ]
        for sample in report.samples {
            lines.append(String(format: "  %6d  %12.3g  %.9f  %5d / %-5d           ", sample.index, sample.maxAbsDiff, sample.cosine,
                                sample.actualTop1, sample.expectedTop1) + (sample.passed ? "pass" : "FAIL"))
        }
        return lines.joined(separator: "\n")
    }
}
