import Foundation
import Testing
import WeightPortFormat

/// `Fixtures/golden/v1.wpk` is the frozen WPK 1.0 file that every later reader must read.
///
/// It was written once by `writeGoldenFile` (run with `WEIGHTPORT_WRITE_GOLDEN=1 swift test
/// --filter writeGoldenFile`), which refuses to overwrite an existing file. The reading test pins
/// the file's XXH64, so a regenerated file fails it: never edit or regenerate it.
@Suite struct GoldenFileTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/golden/v1.wpk")

    @Test(.enabled(if: ProcessInfo.processInfo.environment["WEIGHTPORT_WRITE_GOLDEN"] == "1"))
    func writeGoldenFile() throws {
        guard !FileManager.default.fileExists(atPath: Self.url.path) else {
            Issue.record("\(Self.url.path) is frozen; it is never regenerated")
            return
        }
        try FileManager.default.createDirectory(at: Self.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try WPKWriter.write(TinyModel.make(), to: Self.url)
    }

    @Test(arguments: [WPKFile.Access.mmap, .read])
    func goldenV1FileReadsWithItsExactContents(access: WPKFile.Access) throws {
        let bytes = Array(try Data(contentsOf: Self.url))
        #expect(bytes.count == 5248)
        #expect(XXH64.hex(XXH64.hash(bytes)) == "504e08ce13f7bef2")

        let file = try WPKFile(contentsOf: Self.url, access: access)
        #expect(file.formatVersion == WPKVersion(major: 1, minor: 0))
        #expect(file.verify() == [])
        let model = file.model
        #expect(model.name == "tiny_net")
        #expect(model.inputs == [ValueInfo(name: "image", shape: [-1, 4, 4, 3], dtype: .float32, sourceLayout: .nhwc)])
        #expect(model.outputs == [ValueInfo(name: "logits", shape: [-1, 3], dtype: .float32, sourceLayout: .plain)])
        #expect(model.nodes.map(\.name) == ["conv", "bn", "relu", "pool", "dense"])
        #expect(model.nodes.map(\.op) == [.conv2d(Conv2DAttributes(padding: .same)), .batchNorm(epsilon: 0.001), .activation(.relu6),
                                          .globalAvgPool(keepDims: false), .dense])
        #expect(model.nodes.map(\.inputs) == [["image"], ["conv"], ["bn"], ["relu"], ["pool"]])
        #expect(model.nodes[1].weights == ["gamma": "bn/gamma", "beta": "bn/beta", "mean": "bn/moving_mean", "variance": "bn/moving_variance"])
        #expect(model.nodes[4].weights == ["kernel": "dense/kernel", "bias": "dense/bias"])

        let tensors = model.tensors
        #expect(tensors.map(\.name) == ["conv/kernel", "conv/bias", "bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance",
                                        "dense/kernel", "dense/bias"])
        #expect(tensors.map(\.shape) == [[3, 3, 3, 4], [4], [4], [4], [4], [4], [4, 3], [3]])
        #expect(tensors.map(\.dtype) == [.float32, .float16, .float32, .float32, .float32, .float32, .float32, .float32])
        #expect(tensors.map(\.layout) == [.convolutionKernel, .perChannel, .perChannel, .perChannel, .perChannel, .perChannel, .denseKernel, .perChannel])
        #expect(Array(tensors[0].floatValues().prefix(9)) == [-0.375, -0.25, -0.125, 0, 0.125, 0.25, 0.375, -0.375, -0.25])
        #expect(tensors[0].floatValues().reduce(0, +) == -0.75)
        #expect(tensors[1].floatValues() == [0.5, -0.25, 1, 2])
        #expect(tensors[1].storage.bytes.elementsEqual([0x00, 0x38, 0x00, 0xB4, 0x00, 0x3C, 0x00, 0x40]))
        #expect(tensors[2].floatValues() == [1, 1.5, 0.5, 2])
        #expect(tensors[3].floatValues() == [0, 0.25, -0.25, 0.125])
        #expect(tensors[4].floatValues() == [0.5, 0, -0.5, 1])
        #expect(tensors[5].floatValues() == [1, 2, 0.5, 4])
        #expect(tensors[6].floatValues() == [-0.125, 0, 0.125, 0.25, 0.375, -0.375, -0.25, -0.125, 0, 0.125, 0.25, 0.375])
        #expect(tensors[7].floatValues() == [0.25, 0, -0.25])

        let reference = try #require(model.reference)
        #expect(reference.inputs.name == "reference/inputs")
        #expect(reference.inputs.shape == [1, 4, 4, 3])
        #expect(reference.inputs.layout == .nhwc)
        #expect(Array(reference.inputs.floatValues().prefix(4)) == [0.25, 0.375, -0.375, -0.25])
        #expect(reference.expected.name == "reference/expected")
        #expect(reference.expected.shape == [1, 3])
        #expect(reference.expected.floatValues() == [0.20268775522708893, 0.2171349823474884, 0.15392068028450012])
        #expect(reference.atol == 0.0001)
        #expect(reference.rtol == 0.001)

        #expect(model.provenance == Provenance(sourceFormat: "keras_h5", sourceFile: "tiny_net.h5",
                                               sourceSHA256: String(repeating: "ab", count: 32), frameworkVersion: "keras 3.15.1",
                                               importerVersion: "weightport 0.1.0", createdAt: "2026-11-25T16:00:00Z"))
    }
}
