import Foundation
import Testing

/// `weightport verify` reports damage with exit 1 (the format tests flip every byte through the
/// library; these check the binary's verdicts on a sample of positions in each part of the file).
@Suite struct VerifyTests {
    func convertedModel(in directory: URL) throws -> URL {
        let output = directory.appendingPathComponent("v1.wpk")
        let result = try CLIHarness.run(["convert", CLIHarness.fixture("keras/mobilenet_v1_a025_128_k3.h5"), "-o", output.path])
        #expect(result.status == 0, "\(result.output)")
        return output
    }

    @Test func anIntactFileVerifies() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLIHarness.run(["verify", try convertedModel(in: directory).path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("OK"))
    }

    @Test func aFlippedByteInHeaderManifestOrDataExitsOne() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try Data(contentsOf: try convertedModel(in: directory))
        // Header, manifest, the first and a middle tensor byte, the last byte of the file.
        let positions = [0, 9, 40, 200, original.count / 2, original.count - 1]
        for position in positions {
            var damaged = original
            damaged[position] ^= 0x20
            let file = directory.appendingPathComponent("damaged.wpk")
            try damaged.write(to: file)
            let result = try CLIHarness.run(["verify", file.path])
            #expect(result.status == 1, "a flip at byte \(position) went unnoticed: \(result.output)")
        }
    }

    @Test func aTruncatedFileIsRefused() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try Data(contentsOf: try convertedModel(in: directory))
        for length in [0, 10, 100, original.count / 3, original.count - 1] {
            let file = directory.appendingPathComponent("short.wpk")
            try original.prefix(length).write(to: file)
            let result = try CLIHarness.run(["verify", file.path])
            #expect(result.status == 1 || result.status == 2, "truncated at \(length): \(result.output)")
            #expect(result.status != 0)
        }
    }

    @Test func validateRefusesADamagedFile() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("v1.wpk")
        let converted = try CLIHarness.run(["convert", CLIHarness.fixture("keras/mobilenet_v1_a025_128_k3.h5"), "-o", model.path,
                                            "--reference-inputs", CLIHarness.fixture("keras/mobilenet_v1_a025_128_k3.inputs.npy"),
                                            "--reference-outputs", CLIHarness.fixture("keras/mobilenet_v1_a025_128_k3.logits.npy")])
        #expect(converted.status == 0)
        var damaged = try Data(contentsOf: model)
        damaged[damaged.count - 100] ^= 1
        try damaged.write(to: model)
        #expect(try CLIHarness.run(["validate", model.path]).status == 1)
    }
}
