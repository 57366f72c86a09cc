import WeightPortFormat

/// How closely an actual output (our runtime's) matches an expected one (the source framework's
/// logits), the verdict of `weightport validate`.
///
/// Definitions (first axis = samples; each sample's remaining elements are compared flat; a
/// rank-0 array is one sample):
/// - `max_abs_diff`, `mean_abs_diff`: max and mean of `|a − e|` over all elements.
/// - `max_rel_diff`: max of `|a − e| / |e|` over elements with `e ≠ 0` (0 when there are none).
/// - `min_cosine`: smallest per-sample cosine similarity `a·e / (‖a‖‖e‖)` (1 when both vectors
///   are zero, 0 when exactly one is).
/// - `top1_agreement`: fraction of samples whose index of the largest actual value equals that of
///   the largest expected value (ties: the lowest index).
/// - `top5_agreement`: fraction of samples whose expected top-1 index is among the five largest
///   actual values (all of them when a sample has fewer than five).
/// - `min_passing_atol`: the smallest `atol` for which every element satisfies the tolerance rule
///   at this `rtol`: `max(0, max(|a − e| − rtol·|e|))`. It ignores the top-1 condition.
/// - `passed`: every element satisfies NumPy's `allclose` rule `|a − e| ≤ atol + rtol·|e|` (a NaN
///   never does) AND every sample has the same top-1 index. With zero samples, agreements are 1.
///
/// Codable with snake_case keys. Figures are NaN when an array holds NaN; encode them with a
/// `JSONEncoder` whose `nonConformingFloatEncodingStrategy` allows that.
public struct ParityReport: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The figures of one sample (one index of the first axis).
    public struct Sample: Sendable, Hashable, Codable {
        /// Position along the first axis.
        public var index: Int
        /// Max `|a − e|` within the sample.
        public var maxAbsDiff: Double
        /// Max `|a − e| / |e|` over the sample's elements with `e ≠ 0`.
        public var maxRelDiff: Double
        /// Mean `|a − e|` within the sample.
        public var meanAbsDiff: Double
        /// Cosine similarity of the sample's actual and expected values.
        public var cosine: Double
        /// Index of the largest expected value (−1 for an empty sample).
        public var expectedTop1: Int
        /// Index of the largest actual value (−1 for an empty sample).
        public var actualTop1: Int
        /// Whether the expected top-1 index is among the five largest actual values.
        public var expectedTop1InActualTop5: Bool
        /// Smallest passing atol for this sample at the report's rtol.
        public var minPassingAtol: Double
        /// The sample passes `allclose` and has the same top-1 index.
        public var passed: Bool

        enum CodingKeys: String, CodingKey {
            case index, cosine, passed
            case maxAbsDiff = "max_abs_diff"
            case maxRelDiff = "max_rel_diff"
            case meanAbsDiff = "mean_abs_diff"
            case expectedTop1 = "expected_top1"
            case actualTop1 = "actual_top1"
            case expectedTop1InActualTop5 = "expected_top1_in_actual_top5"
            case minPassingAtol = "min_passing_atol"
        }
    }

    /// Whether the actual array matches: allclose at `atol`/`rtol` and the same top-1 everywhere.
    public var passed: Bool
    /// Absolute tolerance used.
    public var atol: Double
    /// Relative tolerance used.
    public var rtol: Double
    /// See the type's definitions.
    public var maxAbsDiff: Double
    /// See the type's definitions.
    public var maxRelDiff: Double
    /// See the type's definitions.
    public var meanAbsDiff: Double
    /// See the type's definitions.
    public var minCosine: Double
    /// See the type's definitions.
    public var top1Agreement: Double
    /// See the type's definitions.
    public var top5Agreement: Double
    /// See the type's definitions.
    public var minPassingAtol: Double
    /// Per-sample figures.
    public var samples: [Sample]

    enum CodingKeys: String, CodingKey {
        case passed, atol, rtol, samples
        case maxAbsDiff = "max_abs_diff"
        case maxRelDiff = "max_rel_diff"
        case meanAbsDiff = "mean_abs_diff"
        case minCosine = "min_cosine"
        case top1Agreement = "top1_agreement"
        case top5Agreement = "top5_agreement"
        case minPassingAtol = "min_passing_atol"
    }

    /// Compares `actual` with `expected`. O(elements + samples · 5 · sample size).
    /// - Throws: `RuntimeError.shapeMismatch` when the shapes differ (no figures are computed);
    ///   `.invalidTolerance` when a tolerance is negative or NaN.
    public init(actual: NDArray, expected: NDArray, atol: Double = 1e-4, rtol: Double = 1e-3) throws {
        guard actual.shape == expected.shape else { throw RuntimeError.shapeMismatch(actual: actual.shape, expected: expected.shape) }
        guard atol >= 0, rtol >= 0 else { throw RuntimeError.invalidTolerance(atol: atol, rtol: rtol) }
        let count = actual.values.count
        let sampleCount = actual.shape.isEmpty ? 1 : actual.shape[0]
        let sampleSize = sampleCount == 0 ? 0 : count / sampleCount
        var samples: [Sample] = []
        var allClose = true, sumAbs = 0.0
        for index in 0..<sampleCount {
            let range = (index * sampleSize)..<((index + 1) * sampleSize)
            let a = actual.values[range], e = expected.values[range]
            var maxAbs = 0.0, maxRel = 0.0, sum = 0.0, minAtol = 0.0, dot = 0.0, normA = 0.0, normE = 0.0
            var close = true
            for (x, y) in zip(a, e) {
                let actualValue = Double(x), expectedValue = Double(y)
                let diff = abs(actualValue - expectedValue)
                if diff.isNaN || actualValue.isNaN || expectedValue.isNaN {
                    close = false
                    maxAbs = .nan
                    maxRel = .nan
                    minAtol = .nan
                }
                if !(diff <= atol + rtol * abs(expectedValue)) { close = false }
                if diff > maxAbs { maxAbs = diff }
                if expectedValue != 0, diff / abs(expectedValue) > maxRel { maxRel = diff / abs(expectedValue) }
                if diff - rtol * abs(expectedValue) > minAtol { minAtol = diff - rtol * abs(expectedValue) }
                sum += diff
                dot += actualValue * expectedValue
                normA += actualValue * actualValue
                normE += expectedValue * expectedValue
            }
            let cosine: Double = normA == 0 && normE == 0 ? 1 : (normA == 0 || normE == 0 ? 0 : dot / (normA.squareRoot() * normE.squareRoot()))
            let expectedTop = Self.largest(e, count: 1).first ?? -1
            let actualTop = Self.largest(a, count: 5)
            let actualTop1 = actualTop.first ?? -1
            samples.append(Sample(index: index, maxAbsDiff: maxAbs, maxRelDiff: maxRel,
                                  meanAbsDiff: sampleSize == 0 ? 0 : sum / Double(sampleSize), cosine: cosine,
                                  expectedTop1: expectedTop, actualTop1: actualTop1,
                                  expectedTop1InActualTop5: expectedTop == -1 || actualTop.contains(expectedTop),
                                  minPassingAtol: minAtol, passed: close && expectedTop == actualTop1))
            allClose = allClose && close
            sumAbs += sum
        }
        func worst(_ values: [Double]) -> Double {
            values.contains { $0.isNaN } ? .nan : values.max() ?? 0
        }
        let fraction = { (matches: Int) in sampleCount == 0 ? 1 : Double(matches) / Double(sampleCount) }
        self.atol = atol
        self.rtol = rtol
        self.samples = samples
        maxAbsDiff = worst(samples.map(\.maxAbsDiff))
        maxRelDiff = worst(samples.map(\.maxRelDiff))
        minPassingAtol = worst(samples.map(\.minPassingAtol))
        meanAbsDiff = count == 0 ? 0 : sumAbs / Double(count)
        minCosine = samples.contains { $0.cosine.isNaN } ? .nan : samples.map(\.cosine).min() ?? 1
        top1Agreement = fraction(samples.filter { $0.expectedTop1 == $0.actualTop1 }.count)
        top5Agreement = fraction(samples.filter(\.expectedTop1InActualTop5).count)
        passed = allClose && samples.allSatisfy { $0.expectedTop1 == $0.actualTop1 }
    }

    /// One line: verdict, tolerances, max abs/rel difference, smallest passing atol, agreements.
    public var description: String {
        "\(passed ? "PASSED" : "FAILED") atol \(atol) rtol \(rtol): max abs diff \(maxAbsDiff), max rel diff \(maxRelDiff), "
            + "mean abs diff \(meanAbsDiff), min cosine \(minCosine), min passing atol \(minPassingAtol), "
            + "top-1 \(top1Agreement), top-5 \(top5Agreement)"
    }

    /// Indices (relative to the slice start) of the `count` largest values, largest first; ties
    /// and NaNs resolved towards the lowest index. O(n · count).
    private static func largest(_ values: ArraySlice<Float>, count: Int) -> [Int] {
        var chosen: [Int] = []
        let base = values.startIndex
        for _ in 0..<min(count, values.count) {
            var best = -1
            for index in values.indices where !chosen.contains(index - base) {
                if best == -1 || values[index] > values[base + best] { best = index - base }
            }
            chosen.append(best)
        }
        return chosen
    }
}
