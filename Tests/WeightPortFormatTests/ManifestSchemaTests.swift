import Foundation
import Testing
import WeightPortFormat

/// Written manifests against `Schemas/wpk-manifest.schema.json`, checked with `JSONSchemaChecker`
/// (a small checker of exactly the keywords the schema uses), so the schema and the writer cannot
/// drift apart.
@Suite struct ManifestSchemaTests {
    let checker: JSONSchemaChecker

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        checker = try JSONSchemaChecker(contentsOf: root.appendingPathComponent("Schemas/wpk-manifest.schema.json"))
    }

    @Test func writtenManifestsConformToTheSchema() throws {
        for model in [try TinyModel.make(), try TinyModel.make(reference: false)] {
            let manifest = try WPKSurgery(try WPKWriter.encode(model)).manifest
            #expect(checker.problems(manifest) == [])
        }
    }

    @Test func everyOpsManifestNodeConformsToTheSchema() throws {
        let pool = PoolAttributes(kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 2, padding: .same, countIncludesPadding: true)
        let ops: [Op] = [
            .conv2d(Conv2DAttributes(strideHeight: 2, strideWidth: 2, padding: .explicit(top: 0, left: 0, bottom: 1, right: 1), groups: 8)),
            .batchNorm(epsilon: 1e-3), .dense, .activation(.relu), .activation(.relu6), .activation(.clip(min: 0, max: 6)),
            .activation(.hardSigmoid(alpha: 0.2, beta: 0.5)), .activation(.hardSwish), .activation(.sigmoid), .activation(.swish),
            .add, .mul, .globalAvgPool(keepDims: true), .avgPool(pool), .maxPool(pool), .reshape(shape: [1, 1, -1]), .flatten,
            .pad(top: 0, left: 0, bottom: 1, right: 1, value: 0), .rescale(scale: 1 / 127.5, offset: -1), .softmax, .identity,
        ]
        for op in ops {
            let node = Node(name: "n", op: op, inputs: ["x"], outputs: ["y"], weights: ["kernel": "k"])
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(node))
            #expect(checker.problems(json, against: "#/$defs/node") == [], "op \(op.canonicalName)")
        }
    }

    @Test func schemaRejectsWhatTheRulesForbid() throws {
        var manifest = try WPKSurgery(try WPKWriter.encode(TinyModel.make())).manifest
        var tensors = manifest["tensors"] as? [[String: Any]] ?? []
        tensors[0]["xxh64"] = "ABC"
        tensors[1]["dtype"] = "bfloat16"
        tensors[2]["offset"] = -64
        manifest["tensors"] = tensors
        manifest["format_version"] = "2.0"
        manifest["provenance"] = nil
        #expect(checker.problems(manifest).sorted() == [
            "$.format_version: '2.0' does not match ^1\\.(0|[1-9][0-9]*)$",
            "$.tensors[0].xxh64: 'ABC' does not match ^[0-9a-f]{16}$",
            "$.tensors[1].dtype: bfloat16 is not one of [\"float32\", \"float16\"]",
            "$.tensors[2].offset: -64.0 is below 0",
            "$: 'provenance' is missing",
        ])
    }
}
