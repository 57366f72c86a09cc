import Foundation
import Testing

/// `weightport inspect` on every file kind: the JSON contract, Keras' own parameter counts, the
/// same figures whatever file the model comes from, and DOT that Graphviz accepts.
@Suite struct InspectTests {
    /// `inspect --json` of `file` (plus extra arguments), parsed.
    func inspect(_ file: String, _ extra: [String] = []) throws -> [String: Any] {
        let result = try CLIHarness.run(["inspect", file, "--json"] + extra)
        #expect(result.status == 0, "\(result.output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    func totals(_ report: [String: Any]) -> (params: Int, macs: Int, layers: Int) {
        let totals = report["totals"] as? [String: Any] ?? [:]
        return (totals["params"] as? Int ?? -1, totals["macs"] as? Int ?? -1, (report["layers"] as? [Any])?.count ?? -1)
    }

    /// name, op, output shape, params and MACs of every layer.
    func rows(_ report: [String: Any]) -> [String] {
        (report["layers"] as? [[String: Any]] ?? []).map { layer in
            "\(layer["name"] ?? "") \(layer["op"] ?? "") \(layer["output_shape"] ?? "") \(layer["params"] ?? "") \(layer["macs"] ?? "")"
        }
    }

    @Test(arguments: FixtureEntry.kerasWithParameterCount)
    func parameterTotalsEqualKerasCountParams(entry: FixtureEntry) throws {
        let extra = entry.kind.contains("weights") ? entry.architectureArguments : []
        let report = try inspect(CLIHarness.fixture(entry.file), extra)
        #expect(totals(report).params == entry.countParams, "\(entry.id): inspect counts \(totals(report).params), Keras count_params() \(entry.countParams ?? -1)")
    }

    @Test func jsonHasTheContractKeys() throws {
        let report = try inspect(CLIHarness.fixture("keras/mobilenet_v1_a025_128_k3.h5"))
        for key in ["format", "model", "layers", "totals", "breakdown"] { #expect(report[key] != nil, "missing '\(key)'") }
        let model = try #require(report["model"] as? [String: Any])
        for key in ["name", "source_format", "inputs", "outputs"] { #expect(model[key] != nil, "model lacks '\(key)'") }
        let layer = try #require((report["layers"] as? [[String: Any]])?.first)
        for key in ["name", "op", "output_shape", "params", "macs"] { #expect(layer[key] != nil, "layer lacks '\(key)'") }
    }

    /// One Keras model saved as legacy `.h5`, `.keras` and `.weights.h5`, and its `.wpk`, shows the
    /// same layers, shapes, parameters and multiply-adds.
    @Test func theSameModelLooksTheSameFromEveryFileKind() throws {
        let family = FixtureEntry.all.filter { $0.weightFamily == "v2_a035_96" && $0.kind != "onnx" && !$0.id.contains("fp16") }
        #expect(Set(family.map(\.kind)).isSuperset(of: ["keras_h5", "keras_v3", "keras_weights_h5"]), "fixture family incomplete: \(family)")
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var reports: [(String, [String: Any])] = []
        for entry in family {
            let extra = entry.kind.contains("weights") ? entry.architectureArguments : []
            reports.append((entry.kind, try inspect(CLIHarness.fixture(entry.file), extra)))
        }
        let source = try #require(family.first { $0.kind == "keras_h5" })
        let wpk = directory.appendingPathComponent("v2.wpk").path
        #expect(try CLIHarness.run(["convert", CLIHarness.fixture(source.file), "-o", wpk]).status == 0)
        reports.append(("wpk", try inspect(wpk)))
        let (referenceKind, reference) = reports[0]
        for (kind, report) in reports.dropFirst() {
            #expect(totals(report) == totals(reference), "\(kind) totals \(totals(report)) differ from \(referenceKind) \(totals(reference))")
            #expect(rows(report) == rows(reference), "\(kind) layers differ from \(referenceKind)")
        }
    }

    @Test func tensorsListsEveryStoredTensorWithItsChecksum() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let wpk = directory.appendingPathComponent("v1.wpk").path
        #expect(try CLIHarness.run(["convert", CLIHarness.fixture("keras/mobilenet_v1_a025_128_k3.h5"), "-o", wpk]).status == 0)
        let result = try CLIHarness.run(["inspect", wpk, "--tensors"])
        #expect(result.status == 0)
        // Keras v1: every conv has a kernel, every batch norm four tensors, conv_preds a bias.
        let report = try inspect(wpk)
        let layers = report["layers"] as? [[String: Any]] ?? []
        let convolutions = layers.filter { $0["op"] as? String == "conv2d" }.count
        let batchNorms = layers.filter { $0["op"] as? String == "batch_norm" }.count
        let expectedCount = convolutions + 4 * batchNorms + 1
        #expect(result.stdout.contains("\(expectedCount) tensors"), "\(result.stdout.suffix(200))")
        let rows = result.stdout.split(separator: "\n").filter { $0.range(of: " [0-9a-f]{16}$", options: .regularExpression) != nil }
        #expect(rows.count == expectedCount, "every tensor row carries its XXH64")
        #expect(result.stdout.contains("conv1/kernel"))
    }

    @Test func dotOutputIsAcceptedByGraphviz() throws {
        let result = try CLIHarness.run(["inspect", CLIHarness.fixture("keras/mobilenet_v2_a035_96_k3.h5"), "--dot"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("digraph"))
        let dot = URL(fileURLWithPath: "/usr/bin/dot")
        // Graphviz is installed by scripts/bootstrap; without it only the text checks above run.
        guard FileManager.default.isExecutableFile(atPath: dot.path) else { return }
        let process = Process()
        process.executableURL = dot
        process.arguments = ["-Tsvg", "-o", "/dev/null"]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(result.stdout.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dot -Tsvg refused the graph")
    }

    @Test func inspectingASourceFileWritesNothing() throws {
        let directory = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("m.h5")
        try FileManager.default.copyItem(atPath: CLIHarness.fixture("keras/mobilenet_v1_a025_128_k3.h5"), toPath: copy.path)
        #expect(try CLIHarness.run(["inspect", copy.path]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["m.h5"])
    }
}
