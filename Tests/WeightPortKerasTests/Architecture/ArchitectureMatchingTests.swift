import Testing
@testable import WeightPortKeras

/// ``KerasArchitectureConfig/mismatches(for:shapes:)`` and
/// ``KerasArchitectureConfig/specs(fitting:architectures:template:)`` on Keras' own shapes.
@Suite("Architecture: matching a file's weights")
struct ArchitectureMatchingTests {
    /// variable path → shape, as Keras lists them for a fixture.
    func shapes(_ fixture: ArchitectureFixture) throws -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for layer in try fixture.layers() {
            for v in layer.variables { out[v.path] = v.shape }
        }
        return out
    }

    /// variable path → shape of a committed fixture.
    func shapes(_ id: String) throws -> [String: [Int]] {
        try shapes(ArchitectureFixture(id, in: ArchitectureFixture.committedDirectory))
    }

    @Test("Keras' own weights fit their spec with no mismatch", arguments: ArchitectureFixtureTests.fixtures)
    func ownWeightsFit(_ fixture: ArchitectureFixture) throws {
        #expect(try KerasArchitectureConfig.mismatches(for: fixture.spec(), shapes: shapes(fixture)).isEmpty)
    }

    @Test("specs(fitting:) finds every fixture's architecture, top and classes from its shapes alone",
          arguments: ArchitectureFixtureTests.fixtures)
    func everyFixtureIsFound(_ fixture: ArchitectureFixture) throws {
        let spec = try fixture.spec()
        let onGrid = spec.architecture.pretrainedAlphas.contains(spec.alpha)
            || ((spec.alpha * 20).rounded() == spec.alpha * 20 && spec.alpha <= 3)
        guard onGrid else { return }  // sweep alphas like 0.33 are not among the candidates
        let found = KerasArchitectureConfig.specs(fitting: try shapes(fixture), architectures: [spec.architecture])
        #expect(found.contains {
            $0.alpha == spec.alpha && $0.includeTop == spec.includeTop && $0.minimalistic == spec.minimalistic
                && (!spec.includeTop || $0.classes == spec.classes) && $0.depthMultiplier == spec.depthMultiplier
        }, "\(fixture.id): found \(found.map { "\($0.alpha) top \($0.includeTop) min \($0.minimalistic)" })")
    }

    @Test("a wrong alpha is reported per tensor with both shapes")
    func wrongAlpha() throws {
        let file = try shapes("v1_a025_128_c10")
        let mismatches = try KerasArchitectureConfig.mismatches(
            for: ArchitectureSpec(.mobilenetV1, alpha: 0.5, classes: 10), shapes: file)
        #expect(mismatches.first == .wrongShape(path: "conv1/kernel", expected: [3, 3, 3, 16], found: [3, 3, 3, 8]))
        #expect(mismatches.first?.description == "tensor 'conv1/kernel' has shape [3, 3, 3, 8] but the architecture needs [3, 3, 3, 16]")
    }

    @Test("missing and unexpected tensors are reported")
    func missingAndUnexpected() throws {
        var file = try shapes("v2_a035_96_c10")
        file["predictions/bias"] = nil
        file["extra/kernel"] = [1]
        let mismatches = try KerasArchitectureConfig.mismatches(
            for: ArchitectureSpec(.mobilenetV2, alpha: 0.35, inputSize: 96, classes: 10), shapes: file)
        #expect(mismatches == [.missing(path: "predictions/bias", expected: [10]), .unexpected(path: "extra/kernel", found: [1])])
    }

    @Test("a file's architecture, alpha, top and classes are found from its shapes", arguments: [
        ("v1_a025_128_c10", KerasArchitecture.mobilenetV1, 0.25, true, 10, false),
        ("v1_a050_96_notop_avg", .mobilenetV1, 0.5, false, 1000, false),
        ("v2_a140_224_c1000", .mobilenetV2, 1.4, true, 1000, false),
        ("v3s_a075_96_c10", .mobilenetV3Small, 0.75, true, 10, false),
        ("v3l_a100_224_c1000_min", .mobilenetV3Large, 1.0, true, 1000, true),
    ])
    func specsFitting(
        _ id: String, _ architecture: KerasArchitecture, _ alpha: Double, _ includeTop: Bool, _ classes: Int,
        _ minimalistic: Bool
    ) throws {
        let found = KerasArchitectureConfig.specs(fitting: try shapes(id))
        let first = try #require(found.first)
        #expect(first.architecture == architecture)
        #expect(first.alpha == alpha)
        #expect(first.includeTop == includeTop)
        #expect(!includeTop || first.classes == classes)
        #expect(first.minimalistic == minimalistic)
        #expect(found.allSatisfy { $0.architecture == architecture })
    }
}
