import Foundation
import Testing

/// `inspect --arch` with no file: the architectures at α 1.0, 224×224, 1000 classes against the
/// figures their papers publish.
@Suite struct ArchitectureInspectTests {
    /// (architecture, paper parameters, paper multiply-adds). MobileNet v1 (Howard et al. 2017,
    /// Table 8): 4.2M / 569M; v2 (Sandler et al. 2018, Table 8): 3.4M / 300M — 3.47M for the
    /// released checkpoint, the figure used here; v3 (Howard et al. 2019, Table 3): Large 5.4M /
    /// 219M, Small 2.5M / 56M.
    static let papers: [(String, Double, Double)] = [
        ("mobilenet_v1", 4.2e6, 569e6),
        ("mobilenet_v2", 3.47e6, 300e6),
        ("mobilenet_v3_large", 5.4e6, 219e6),
        ("mobilenet_v3_small", 2.5e6, 56e6),
    ]

    /// The papers count weights without batch-norm moving statistics (which are not learned), so
    /// the comparison uses `trainable_params`: every stored tensor except moving mean and variance.
    @Test(arguments: papers)
    func totalsAgreeWithThePaperWithinTwoPercent(architecture: String, parameters: Double, multiplyAdds: Double) throws {
        let result = try CLIHarness.run(["inspect", "--arch", architecture, "--alpha", "1.0", "--input-size", "224", "--classes", "1000", "--json"])
        #expect(result.status == 0, "\(result.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let totals = try #require(report["totals"] as? [String: Any])
        let trainable = Double(try #require(totals["trainable_params"] as? Int))
        let macs = Double(try #require(totals["macs"] as? Int))
        #expect(abs(trainable - parameters) / parameters <= 0.02, "\(architecture): \(trainable) parameters vs the paper's \(parameters)")
        #expect(abs(macs - multiplyAdds) / multiplyAdds <= 0.02, "\(architecture): \(macs) multiply-adds vs the paper's \(multiplyAdds)")
    }

    @Test func anInvalidArchitectureExitsTwo() throws {
        let unknown = try CLIHarness.run(["inspect", "--arch", "resnet50"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("resnet50"))
        let badAlpha = try CLIHarness.run(["inspect", "--arch", "mobilenet_v2", "--alpha", "-1"])
        #expect(badAlpha.status == 2)
    }

    @Test func aWeightsFileWithTheWrongAlphaOrClassesNamesTheTensor() throws {
        let weights = try #require(FixtureEntry.all.first { $0.kind == "keras_weights_h5" })
        var wrongClasses = weights.architectureArguments
        let classIndex = try #require(wrongClasses.firstIndex(of: "--classes"))
        wrongClasses[classIndex + 1] = "7"
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLIHarness.run(["convert", CLIHarness.fixture(weights.file), "-o", directory.appendingPathComponent("x.wpk").path] + wrongClasses)
        #expect(result.status == 2)
        #expect(result.stderr.contains("/kernel") || result.stderr.contains("/bias"), "\(result.stderr)")
        var wrongAlpha = weights.architectureArguments
        let alphaIndex = try #require(wrongAlpha.firstIndex(of: "--alpha"))
        wrongAlpha[alphaIndex + 1] = "0.5"
        let alpha = try CLIHarness.run(["convert", CLIHarness.fixture(weights.file), "-o", directory.appendingPathComponent("x.wpk").path] + wrongAlpha)
        #expect(alpha.status == 2)
        #expect(alpha.stderr.contains("kernel"), "\(alpha.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.wpk").path))
    }
}
