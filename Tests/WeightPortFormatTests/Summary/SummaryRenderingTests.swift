import Foundation
import Testing
@testable import WeightPortFormat

/// The renderings of a `ModelSummary`: descriptions, text, JSON, DOT and the tensor table.
@Suite struct SummaryRenderingTests {
    let file = InspectedFile(name: "block.wpk", sizeInBytes: 20_480, format: "wpk 1.0", hasReferenceVectors: true)

    @Test func descriptionsNameTheKeyAttributes() throws {
        var builder = SummaryGraphBuilder()
        builder.node("scale", .rescale(scale: 1 / 127.5, offset: -1))
        builder.node("pad", .pad(top: 0, left: 0, bottom: 1, right: 1, value: 0))
        try builder.conv("conv1", kernel: [3, 3, 3, 32], stride: 2, padding: .valid)
        try builder.conv("dw", kernel: [3, 3, 1, 32], groups: 32)
        try builder.conv("pw", kernel: [1, 1, 32, 64])
        try builder.batchNorm("bn", channels: 64)
        builder.node("relu6", .activation(.relu6))
        builder.node("pool", .globalAvgPool(keepDims: true))
        builder.node("flatten", .flatten)
        try builder.dense("logits", inputs: 64, outputs: 10)
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 9, 9, 3]))
        #expect(summary.layers.map(\.description) == [
            "rescale ×0.00784 −1", "pad 0,0,1,1", "conv2d 3×3/2 valid", "depthwise 3×3/1 same ×32", "pointwise 1×1",
            "batch_norm ε0.001", "relu6", "global_avg_pool keepdims", "flatten", "dense 64→10 +bias",
        ])
        #expect(summary.layers.map(\.op) == ["rescale", "pad", "conv2d", "conv2d", "conv2d", "batch_norm", "relu6",
                                             "global_avg_pool", "flatten", "dense"])
    }

    @Test func textHasHeaderRowsTotalsBreakdownAndPairs() throws {
        let text = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1Block()).text(file: file)
        #expect(text.contains("Model        mobilenet_v1_block"))
        #expect(text.contains("block.wpk (wpk 1.0, 20.0 KiB)"))
        #expect(text.contains("Reference    embedded"))
        #expect(text.contains("Input        input  1×32×32×3 float32"))
        #expect(text.contains("Params  3.71K (3,712)"))
        #expect(text.contains("MACs    819.2K (819,200) per sample"))
        #expect(text.contains("pointwise_conv       1   2.05K  55.2%  524.3K  64.0%"))
        #expect(text.contains("conv_dw_1  conv_pw_1  3×3/1  32→64   16×16"))
        #expect(text.contains("0.1267    0.1267"))                 // 1/64 + 1/9 = 0.12674
    }

    @Test func textTableColumnsAreAligned() throws {
        let text = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1Block()).text(file: file)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Layer ") })
        let rule = lines[header + 1]
        #expect(rule.allSatisfy { $0 == "-" || $0 == " " })
        // Every row's cells start where the rule's dash groups start.
        let starts = Self.columnStarts(rule)
        #expect(starts.count == 7)
        for row in lines[(header + 2)..<(header + 2 + 9)] {
            let characters = Array(row)
            for start in starts.dropFirst() {
                #expect(characters[start - 1] == " " && characters[start - 2] == " ", "row '\(row)' breaks column at \(start)")
            }
        }
    }

    static func columnStarts(_ rule: String) -> [Int] {
        var starts: [Int] = []
        var previous: Character = " "
        for (index, character) in rule.enumerated() {
            if character == "-", previous == " " { starts.append(index) }
            previous = character
        }
        return starts
    }

    @Test func jsonParsesBackWithTheContractKeys() throws {
        let summary = try ModelSummary(model: try SummaryGraphBuilder.mobileNetV1Block())
        let data = try InspectReport(summary: summary, file: file).jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format"] as? String == "wpk 1.0")
        let model = try #require(object["model"] as? [String: Any])
        #expect(model["name"] as? String == "mobilenet_v1_block")
        #expect(model["source_format"] as? String == "test")
        let input = try #require((model["inputs"] as? [[String: Any]])?.first)
        #expect(Set(input.keys).isSuperset(of: ["name", "shape", "layout", "dtype"]))
        #expect(input["shape"] as? [Int] == [-1, 32, 32, 3])
        #expect((model["outputs"] as? [Any])?.count == 1)
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.count == 9)
        #expect(Set(layers[0].keys).isSuperset(of: ["name", "op", "description", "output_shape", "params", "macs", "kind"]))
        #expect(layers[0]["output_shape"] as? [Int] == [1, 16, 16, 32])
        #expect(layers[0]["macs"] as? Int == 221_184)
        #expect(layers[3]["kind"] as? String == "depthwise_conv")
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["params"] as? Int == 3712)
        #expect(totals["macs"] as? Int == 819_200)
        let breakdown = try #require(object["breakdown"] as? [String: [String: Any]])
        #expect(Set(breakdown.keys) == ["standard_conv", "depthwise_conv", "pointwise_conv", "dense", "other"])
        #expect(breakdown["pointwise_conv"]?["macs"] as? Int == 524_288)
        let separable = try #require(object["separable"] as? [[String: Any]])
        #expect(separable.first?["depthwise"] as? String == "conv_dw_1")
        #expect(separable.first?["standard_macs"] as? Int == 16 * 16 * 64 * 9 * 32)
    }

    @Test func jsonDecodesBackIntoTheSameReport() throws {
        let model = try SummaryGraphBuilder.mobileNetV1Block()
        let report = InspectReport(summary: try ModelSummary(model: model), file: file,
                                   tensors: TensorTable(model: model, checksums: ["conv1/kernel": "0123456789abcdef"]))
        let decoded = try JSONDecoder().decode(InspectReport.self, from: try report.jsonData())
        #expect(decoded == report)
    }

    @Test func dotIsValidGraphvizEvenWithSlashesAndQuotesInNames() throws {
        var builder = SummaryGraphBuilder(input: "in\"put")
        try builder.conv("block_1/expand \"conv\"", kernel: [1, 1, 3, 8])
        builder.node("back\\slash", .activation(.relu))
        let summary = try ModelSummary(model: try builder.model(inputShape: [-1, 4, 4, 3], name: "my/model"))
        let dot = summary.dot()
        #expect(dot.hasPrefix("digraph \"my/model\" {"))
        #expect(dot.contains("label=\"block_1/expand \\\"conv\\\"\\npointwise 1×1\\n1×4×4×8\""))
        #expect(dot.contains("label=\"back\\\\slash\\nrelu\\n1×4×4×8\""))
        #expect(dot.contains("i0 -> n0;") && dot.contains("n0 -> n1;") && dot.contains("n1 -> o0;"))

        // Graphviz must accept it. This one assertion is skipped when /usr/bin/dot is absent
        // (graphviz is installed by scripts/bootstrap); everything above runs regardless.
        let dotPath = "/usr/bin/dot"
        guard FileManager.default.isExecutableFile(atPath: dotPath) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dotPath)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try input.fileHandleForWriting.close()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dot rejected the graph: \(message)")
        #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
    }

    @Test func tensorTableListsEveryStoredTensorWithTheCallersChecksum() throws {
        let model = try SummaryGraphBuilder.mobileNetV1Block()
        let table = TensorTable(model: model, checksums: ["conv1/kernel": "9f86d081884c7d65"], checksumName: "xxh64")
        #expect(table.rows.count == model.tensors.count)
        #expect(table.rows.count == 3 + 3 * 4)                    // 3 kernels, 3 batch norms of 4 tensors
        let kernel = try #require(table.rows.first)
        #expect(kernel.name == "conv1/kernel" && kernel.shape == [3, 3, 3, 32] && kernel.layout == .convolutionKernel)
        #expect(kernel.bytes == 3 * 3 * 3 * 32 * 4)
        #expect(kernel.checksum == "9f86d081884c7d65")
        #expect(table.rows.dropFirst().allSatisfy { $0.checksum == nil })
        #expect(table.totalBytes == 3712 * 4)
        let text = table.text()
        #expect(text.contains("conv1/kernel"))
        #expect(text.contains("xxh64"))
        #expect(text.contains("3×3×3×32   kh_kw_cin_cout  3,456  9f86d081884c7d65"))
        #expect(text.contains("15 tensors, 14,848 bytes (14.5 KiB)"))
    }
}
