import Foundation
import Testing
@testable import WeightPortONNX

/// Corrupted files never crash the importer: every mutation either imports or throws an
/// `ONNXImportError`. (A trap would end the test process.)
@Suite struct ONNXCorruptionTests {
    /// A small deterministic generator (SplitMix64), so that failures reproduce.
    private struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private func expectNoCrash(_ bytes: [UInt8], in directory: URL, label: String) throws {
        let url = directory.appendingPathComponent("mutant.onnx")
        try Data(bytes).write(to: url)
        do {
            _ = try ONNXImporter.importModel(at: url)
        } catch is ONNXImportError {
        } catch {
            Issue.record("\(label): unexpected error type \(error)")
        }
    }

    @Test func mutatedBytesImportOrThrowAnONNXImportError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weightport-onnx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = [UInt8](try Data(contentsOf: ONNXTranslationRuleTests.coverage))
        var random = SplitMix64(state: 20261125)
        for round in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                // Varint bytes at the extremes reach the interesting cases: huge lengths and values.
                bytes[index] = [0x00, 0x7F, 0x80, 0xFF, UInt8.random(in: 0...255, using: &random)][Int.random(in: 0..<5, using: &random)]
            }
            try expectNoCrash(bytes, in: directory, label: "mutation round \(round)")
        }
        for length in stride(from: 0, to: original.count, by: 37) {
            try expectNoCrash(Array(original.prefix(length)), in: directory, label: "truncated to \(length) bytes")
        }
    }
}
