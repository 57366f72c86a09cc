import Foundation
import Testing

/// Bad input gets a clear message naming the file and exit code 2 — never a trap — and nothing
/// already on disk is lost.
@Suite struct BadInputTests {
    let v1 = "mobilenet_v1_a025_128_k3"

    @Test func aMissingFileExitsTwoNamingIt() throws {
        let result = try CLIHarness.run(["convert", "/nonexistent/model.h5", "-o", "/tmp/never.wpk"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("model.h5"))
    }

    @Test func aFileThatIsNotHDF5ExitsTwo() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = directory.appendingPathComponent("fake.h5")
        try Data("this is not an HDF5 file\n".utf8).write(to: fake)
        let result = try CLIHarness.run(["convert", fake.path, "-o", directory.appendingPathComponent("x.wpk").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("fake.h5"), "\(result.stderr)")
    }

    @Test func aReferenceArrayOfTheWrongShapeExitsTwo() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLIHarness.run(["convert", CLIHarness.fixture("keras/\(v1).h5"), "-o", directory.appendingPathComponent("x.wpk").path,
                                         "--reference-inputs", CLIHarness.fixture("keras/mobilenet_v1_a025_96_notop_avg_k3.inputs.npy"),
                                         "--reference-outputs", CLIHarness.fixture("keras/\(v1).logits.npy")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("does not fit input"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.wpk").path))
    }

    @Test func runWithAWrongShapeInputExitsTwo() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("v1.wpk").path
        #expect(try CLIHarness.run(["convert", CLIHarness.fixture("keras/\(v1).h5"), "-o", model]).status == 0)
        let result = try CLIHarness.run(["run", model, "--input", CLIHarness.fixture("keras/\(v1).logits.npy"),
                                         "--output", directory.appendingPathComponent("y.npy").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("logits.npy"), "\(result.stderr)")
    }

    @Test func aFailedConversionLeavesTheExistingOutputByteIdentical() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("keep.wpk")
        #expect(try CLIHarness.run(["convert", CLIHarness.fixture("keras/\(v1).h5"), "-o", output.path]).status == 0)
        let before = try Data(contentsOf: output)
        let fake = directory.appendingPathComponent("broken.h5")
        try Data(repeating: 0x89, count: 4096).write(to: fake)
        let result = try CLIHarness.run(["convert", fake.path, "-o", output.path])
        #expect(result.status == 2)
        #expect(try Data(contentsOf: output) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "keep.wpk" && $0 != "broken.h5" }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
    }

    @Test func anUnknownSubcommandOrOptionExitsTwo() throws {
        #expect(try CLIHarness.run(["frobnicate"]).status == 2)
        #expect(try CLIHarness.run(["convert", "--no-such-option"]).status == 2)
        let help = try CLIHarness.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("convert"))
    }
}
