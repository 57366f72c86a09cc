import Foundation
import Testing

/// The foundation slice end to end through the binary: Keras `.h5` → `.wpk` → runtime → parity.
@Suite struct ConvertValidateTests {
    static let models = ["mobilenet_v1_a025_128_k3", "mobilenet_v1_a025_128_softmax_tfk"]

    /// Converts a Keras v1 fixture with its reference vectors into `directory`.
    func convert(_ id: String, into directory: URL) throws -> String {
        let output = directory.appendingPathComponent("\(id).wpk").path
        let result = try CLIHarness.run(["convert", CLIHarness.fixture("keras/\(id).h5"), "-o", output,
                                         "--reference-inputs", CLIHarness.fixture("keras/\(id).inputs.npy"),
                                         "--reference-outputs", CLIHarness.fixture("keras/\(id).logits.npy")])
        #expect(result.status == 0, "\(result.output)")
        return output
    }

    @Test(arguments: models)
    func validatePassesOnTheFrameworksOwnLogits(id: String) throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try convert(id, into: directory)
        let result = try CLIHarness.run(["validate", model, "--json"])
        #expect(result.status == 0, "\(result.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["passed", "atol", "rtol", "max_abs_diff", "max_rel_diff", "mean_abs_diff", "min_cosine",
                    "top1_agreement", "top5_agreement", "min_passing_atol", "samples"] {
            #expect(report[key] != nil, "validate --json lacks '\(key)'")
        }
        let maxAbsDiff = try #require(report["max_abs_diff"] as? Double)
        #expect(maxAbsDiff <= 1e-4, "max abs diff \(maxAbsDiff) against \(id)'s framework logits")
        #expect(report["top1_agreement"] as? Double == 1)
    }

    @Test func validateFailsWithExitOneWhenTheExpectedLogitsArePerturbed() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = Self.models[0]
        let model = try convert(id, into: directory)
        // Perturb one logit of the expected array by 1e-2 (well above atol + rtol·|e|).
        let expectedPath = CLIHarness.fixture("keras/\(id).logits.npy")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: expectedPath)))
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let offset = 10 + headerLength
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Float.self) } + 1e-2
        withUnsafeBytes(of: value) { for index in 0..<4 { bytes[offset + index] = $0[index] } }
        let perturbed = directory.appendingPathComponent("perturbed.npy")
        try Data(bytes).write(to: perturbed)
        let result = try CLIHarness.run(["validate", model, "--inputs", CLIHarness.fixture("keras/\(id).inputs.npy"),
                                         "--expected", perturbed.path])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("FAIL"))
    }

    @Test func runWritesTheSameLogitsValidateChecks() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = Self.models[1]
        let model = try convert(id, into: directory)
        let output = directory.appendingPathComponent("out.npy").path
        let run = try CLIHarness.run(["run", model, "--input", CLIHarness.fixture("keras/\(id).inputs.npy"), "--output", output])
        #expect(run.status == 0, "\(run.output)")
        let check = try CLIHarness.run(["validate", model, "--inputs", CLIHarness.fixture("keras/\(id).inputs.npy"),
                                        "--expected", output, "--atol", "0", "--rtol", "0"])
        #expect(check.status == 0, "the runtime must be deterministic: \(check.output)")
    }
}
