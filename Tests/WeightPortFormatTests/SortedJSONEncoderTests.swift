import Foundation
import Testing
@testable import WeightPortFormat

/// `SortedJSONEncoder` writes exactly the bytes `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]`: every test compares the two, and a few also pin the
/// bytes themselves, so a change of Foundation's rules shows as a failure here too.
@Suite struct SortedJSONEncoderTests {
    /// What `JSONEncoder` writes for `value`: the reference.
    static func jsonEncoderBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Expects `SortedJSONEncoder` to write `JSONEncoder`'s bytes for `value`.
    /// - Returns: the bytes, as text.
    @discardableResult
    static func expectJSONEncoderBytes<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let bytes = try SortedJSONEncoder.encode(value)
        let expected = try jsonEncoderBytes(value)
        #expect(bytes == expected, "\(String(decoding: bytes, as: UTF8.self))\nis not JSONEncoder's\n\(String(decoding: expected, as: UTF8.self))",
                sourceLocation: sourceLocation)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every control character alone and all together, the characters JSON escapes, and the ones
    /// it does not (slash, DEL, non-ASCII, U+2028).
    static let trickyStrings: [String] = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + [
        String((0..<0x20).map { Character(UnicodeScalar(UInt8($0))) }),
        "", "\"", "\\", "/", "\u{7F}", "é", "e\u{301}", "😀", "\u{2028}\u{2029}", "\u{FEFF}",
        "a/b\\c\"d\ne\u{1}f\u{1F}g\u{7F}h€😀",
    ]

    @Test(arguments: trickyStrings)
    func stringsAreEscapedAsJSONEncoderEscapesThem(string: String) throws {
        try Self.expectJSONEncoderBytes(string)
        try Self.expectJSONEncoderBytes([string: string])
        try Self.expectJSONEncoderBytes([string, "x", string])
    }

    @Test func escapesAreTheShortOnesOrLowercaseHex() throws {
        let text = "\u{0}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1B}\u{1F}\"\\/\u{7F}é\u{2028}"
        #expect(String(decoding: try SortedJSONEncoder.encode(text), as: UTF8.self) == #""\u0000\b\t\n\u000b\f\r\u001b\u001f\"\\/"# + "\u{7F}é\u{2028}\"")
    }

    @Test func floatsAndDoublesAreWrittenAsJSONEncoderWritesThem() throws {
        let floats: [(Float, String)] = [
            (0, "0"), (-0.0, "-0"), (1, "1"), (-1.5, "-1.5"), (6, "6"), (0.1, "0.1"), (0.001, "0.001"),
            (1e-5, "1e-05"), (1e-7, "1e-07"), (123_456_792, "1.2345679e+08"), (16_777_216, "16777216"),
            (1e20, "1e+20"), (.greatestFiniteMagnitude, "3.4028235e+38"), (-.greatestFiniteMagnitude, "-3.4028235e+38"),
            (.leastNonzeroMagnitude, "1e-45"), (.leastNormalMagnitude, "1.1754944e-38"), (1 / 3, "0.33333334"),
        ]
        let doubles: [(Double, String)] = [
            (0, "0"), (-0.0, "-0"), (1, "1"), (0.1, "0.1"), (1e-5, "1e-05"), (1e-7, "1e-07"), (123_456_789, "123456789"),
            (9_007_199_254_740_992, "9007199254740992"), (1e16, "1e+16"), (1e20, "1e+20"),
            (.greatestFiniteMagnitude, "1.7976931348623157e+308"), (.leastNonzeroMagnitude, "5e-324"), (1 / 3, "0.3333333333333333"),
        ]
        for (value, text) in floats {
            #expect(try Self.expectJSONEncoderBytes(value) == text)
        }
        for (value, text) in doubles {
            #expect(try Self.expectJSONEncoderBytes(value) == text)
        }
        try Self.expectJSONEncoderBytes(floats.map(\.0))
        try Self.expectJSONEncoderBytes(Dictionary(uniqueKeysWithValues: doubles.map { ($0.1, $0.0) }))
    }

    @Test func randomFiniteFloatBitPatternsAreWrittenAsJSONEncoderWritesThem() throws {
        // Bit patterns spread over the whole range, the same in every run: the index times the
        // 64-bit golden ratio (Fibonacci hashing), whose high bits pick sign and exponent.
        let patterns = (1...4000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        let floats = patterns.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0 >> 32)) }.filter(\.isFinite)
        let doubles = patterns.map { Double(bitPattern: $0) }.filter(\.isFinite)
        let floatMismatches = try floats.filter { try SortedJSONEncoder.encode($0) != Self.jsonEncoderBytes($0) }
        let doubleMismatches = try doubles.filter { try SortedJSONEncoder.encode($0) != Self.jsonEncoderBytes($0) }
        #expect(floatMismatches.isEmpty)
        #expect(doubleMismatches.isEmpty)
        #expect(floats.count > 3900 && doubles.count > 3900)
    }

    /// Every primitive of every width through every kind of container: keyed (`encode(_:forKey:)`),
    /// unkeyed (`encode(_:)`) and single value (through `encode(to:)` of each value).
    struct EveryPrimitive: Encodable {
        enum CodingKeys: String, CodingKey {
            case bool, string, double, float, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, null, values
        }

        var bool = true, string = "s", double = -Double.leastNormalMagnitude, float = Float.ulpOfOne
        var int = Int.min, int8 = Int8.min, int16 = Int16.min, int32 = Int32.min, int64 = Int64.min
        var uint = UInt.max, uint8 = UInt8.max, uint16 = UInt16.max, uint32 = UInt32.max, uint64 = UInt64.max

        func encode(to encoder: any Encoder) throws {
            var keyed = encoder.container(keyedBy: CodingKeys.self)
            try keyed.encode(bool, forKey: .bool)
            try keyed.encode(string, forKey: .string)
            try keyed.encode(double, forKey: .double)
            try keyed.encode(float, forKey: .float)
            try keyed.encode(int, forKey: .int)
            try keyed.encode(int8, forKey: .int8)
            try keyed.encode(int16, forKey: .int16)
            try keyed.encode(int32, forKey: .int32)
            try keyed.encode(int64, forKey: .int64)
            try keyed.encode(uint, forKey: .uint)
            try keyed.encode(uint8, forKey: .uint8)
            try keyed.encode(uint16, forKey: .uint16)
            try keyed.encode(uint32, forKey: .uint32)
            try keyed.encode(uint64, forKey: .uint64)
            try keyed.encodeNil(forKey: .null)
            var unkeyed = keyed.nestedUnkeyedContainer(forKey: .values)
            try unkeyed.encode(bool)
            try unkeyed.encode(string)
            try unkeyed.encode(double)
            try unkeyed.encode(float)
            try unkeyed.encode(int)
            try unkeyed.encode(int8)
            try unkeyed.encode(int16)
            try unkeyed.encode(int32)
            try unkeyed.encode(int64)
            try unkeyed.encode(uint)
            try unkeyed.encode(uint8)
            try unkeyed.encode(uint16)
            try unkeyed.encode(uint32)
            try unkeyed.encode(uint64)
            try unkeyed.encodeNil()
            try unkeyed.encode(contentsOf: [int, 0, -1, Int.max])
        }
    }

    @Test func everyPrimitiveOfEveryWidthInEveryContainer() throws {
        let text = try Self.expectJSONEncoderBytes(EveryPrimitive())
        #expect(text.contains(#""int":-9223372036854775808,"#) && text.contains(#""uint64":18446744073709551615,"#))
        try Self.expectJSONEncoderBytes(EveryPrimitive(int: .max, int8: .max, int16: .max, int32: .max, int64: .max,
                                                       uint: .min, uint8: .min, uint16: .min, uint32: .min, uint64: .min))
        let primitives: [any Encodable] = [
            true, false, "s", Double.pi, Float.pi, Int.min, Int.max, Int8.min, Int8.max, Int16.min, Int16.max, Int32.min, Int32.max,
            Int64.min, Int64.max, UInt.max, UInt8.max, UInt16.max, UInt32.max, UInt64.max, 0, -1, Int?.none,
        ]
        for primitive in primitives {
            try Self.expectJSONEncoderBytes(primitive)
        }
        if #available(macOS 15, *) {
            try Self.expectJSONEncoderBytes([Int128.min, Int128.max, 0, -1])
            try Self.expectJSONEncoderBytes(["min": UInt128.min, "max": UInt128.max])
            try Self.expectJSONEncoderBytes(Int128.min)
        }
    }

    @Test func keysAreSortedByTheirUTF8Bytes() throws {
        // "A\u{30A}" is "Å" decomposed: String's `<` would put it after "~".
        let sortedKeys = ["", "\u{1}", " ", "-", "1", "10", "2", "9", "A", "A\u{30A}", "B", "Z", "_", "a", "a1", "aB", "a_b", "aa", "ab",
                          "b", "e", "z", "~", "\u{7F}", "é", "ſ", "Ω", "日本", "😀"]
        let dictionary = Dictionary(uniqueKeysWithValues: sortedKeys.reversed().enumerated().map { ($1, $0) })
        #expect(try Self.expectJSONEncoderBytes(dictionary) == """
            {"":28,"\\u0001":27," ":26,"-":25,"1":24,"10":23,"2":22,"9":21,"A":20,"A\u{30A}":19,"B":18,"Z":17,"_":16,"a":15,"a1":14,\
            "aB":13,"a_b":12,"aa":11,"ab":10,"b":9,"e":8,"z":7,"~":6,"\u{7F}":5,"é":4,"ſ":3,"Ω":2,"日本":1,"😀":0}
            """)
        #expect(try Self.expectJSONEncoderBytes([10: "ten", 2: "two", 1: "one", -1: "minus one"]) == #"{"-1":"minus one","1":"one","10":"ten","2":"two"}"#)
        try Self.expectJSONEncoderBytes(["nested": dictionary, "Nested": [:], "_": ["b": 1]])
    }

    @Test func optionalsAreOmittedWithEncodeIfPresentAndNullOtherwise() throws {
        struct Optionals: Encodable {
            var present: Int? = 1
            var absent: String?
            var nested: [Optionals]?
        }
        #expect(try Self.expectJSONEncoderBytes(Optionals(nested: [Optionals(present: nil)])) == #"{"nested":[{}],"present":1}"#)
        #expect(try Self.expectJSONEncoderBytes([1, nil, 3]) == "[1,null,3]")
        #expect(try Self.expectJSONEncoderBytes(["a": nil, "b": Optional(2)]) == #"{"a":null,"b":2}"#)
    }

    /// Containers used in every way a conformance may: nested keyed and unkeyed containers (asked
    /// for twice, written after a sibling), keys written twice, super encoders, empty containers,
    /// and values that encode nothing.
    struct Containers: Encodable {
        enum Keys: String, CodingKey {
            case zeta, alpha, list, twice, empty, emptyList, nothing, nested, parent
        }

        enum NestedKeys: String, CodingKey {
            case b, a
        }

        struct Nothing: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: NestedKeys.self, forKey: .nested)
            try container.encode("z", forKey: .zeta)
            try nested.encode(2, forKey: .b)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try container.encode("a", forKey: .alpha)
            try list.encode("first")
            var row = list.nestedUnkeyedContainer()
            try row.encode(contentsOf: [1, 2])
            var object = list.nestedContainer(keyedBy: NestedKeys.self)
            try object.encode(true, forKey: .a)
            try list.encode(Nothing())
            try list.encode([String: Int]())
            try row.encode(3)
            var again = container.nestedContainer(keyedBy: NestedKeys.self, forKey: .nested)
            try again.encode(1, forKey: .a)
            try container.encode(1, forKey: .twice)
            try container.encode([1, 2], forKey: .twice)
            _ = container.nestedContainer(keyedBy: NestedKeys.self, forKey: .empty)
            _ = container.nestedUnkeyedContainer(forKey: .emptyList)
            try container.encode(Nothing(), forKey: .nothing)
            try Int8(7).encode(to: container.superEncoder())
            var parent = container.superEncoder(forKey: .parent).container(keyedBy: NestedKeys.self)
            try parent.encode("p", forKey: .b)
            try [9].encode(to: list.superEncoder())
            var sameObject = encoder.container(keyedBy: NestedKeys.self)
            try sameObject.encode("merged", forKey: .b)
        }
    }

    @Test func containersNestSortAndMergeAsInJSONEncoder() throws {
        #expect(try Self.expectJSONEncoderBytes(Containers()) == """
            {"alpha":"a","b":"merged","empty":{},"emptyList":[],"list":["first",[1,2,3],{"a":true},{},{},[9]],\
            "nested":{"a":1,"b":2},"nothing":{},"parent":{"b":"p"},"super":7,"twice":[1,2],"zeta":"z"}
            """)
        try Self.expectJSONEncoderBytes([Containers(), Containers()])
        try Self.expectJSONEncoderBytes([[Containers.Nothing()]])
        try Self.expectJSONEncoderBytes([[Int]]())
        try Self.expectJSONEncoderBytes([String: [Int]]())
    }

    /// Records the coding path at each value it encodes, for comparing encoders.
    final class PathRecorder: Encodable {
        var paths: [String] = []

        struct Probe: Encodable {
            let recorder: PathRecorder

            func encode(to encoder: any Encoder) throws {
                recorder.paths.append(encoder.codingPath.map(\.stringValue).joined(separator: "/"))
                var container = encoder.singleValueContainer()
                recorder.paths.append(container.codingPath.map(\.stringValue).joined(separator: "/"))
                try container.encode(0)
            }
        }

        enum Keys: String, CodingKey { case a, b }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(Probe(recorder: self), forKey: .a)
            var list = container.nestedUnkeyedContainer(forKey: .b)
            try list.encode(Probe(recorder: self))
            var nested = list.nestedContainer(keyedBy: Keys.self)
            paths.append(nested.codingPath.map(\.stringValue).joined(separator: "/"))
            try nested.encode([Probe(recorder: self)], forKey: .b)
        }
    }

    /// The paths are whole; `JSONEncoder` agrees outside nested containers, and inside them drops
    /// the keys leading to the container (`Index 0` for `b/Index 0`).
    @Test func codingPathsNameTheKeysAndIndices() throws {
        let ours = PathRecorder(), theirs = PathRecorder()
        _ = try SortedJSONEncoder.encode(ours)
        _ = try Self.jsonEncoderBytes(theirs)
        #expect(ours.paths == ["a", "a", "b/Index 0", "b/Index 0", "b/Index 1", "b/Index 1/b/Index 0", "b/Index 1/b/Index 0"])
        #expect(theirs.paths.prefix(2) == ours.paths.prefix(2))
    }

    /// The coding path (key strings) of the `EncodingError` that `encode` throws; nil if it throws none.
    static func errorPath(_ encode: () throws -> [UInt8]) -> [String]? {
        do {
            _ = try encode()
            return nil
        } catch let EncodingError.invalidValue(_, context) {
            return context.codingPath.map(\.stringValue)
        } catch {
            return ["not an EncodingError: \(error)"]
        }
    }

    /// The coding paths of the errors `SortedJSONEncoder` and `JSONEncoder` throw for `value`.
    static func errorPaths<T: Encodable>(_ value: T) -> [[String]?] {
        [errorPath { try SortedJSONEncoder.encode(value) }, errorPath { try jsonEncoderBytes(value) }]
    }

    @Test(arguments: [Float.nan, .infinity, -.infinity])
    func nonFiniteFloatsThrowAtTheirCodingPath(value: Float) throws {
        #expect(Self.errorPaths(value) == [[], []])
        #expect(Self.errorPaths(Double(value)) == [[], []])
        #expect(Self.errorPaths(["k": [1, Optional(value)]]) == [["k", "Index 1"], ["k", "Index 1"]])
        #expect(Self.errorPaths([["k": Double(value)]]) == [["Index 0", "k"], ["Index 0", "k"]])
        // JSONEncoder's fast path for float arrays names only the array: ["k"].
        #expect(Self.errorPath { try SortedJSONEncoder.encode(["k": [1, value]]) } == ["k", "Index 1"])
    }

    @Test func aTopLevelValueThatEncodesNothingThrows() {
        #expect(throws: EncodingError.self) { try SortedJSONEncoder.encode(Containers.Nothing()) }
        #expect(throws: EncodingError.self) { try Self.jsonEncoderBytes(Containers.Nothing()) }
    }

    /// A manifest of every op and attribute form, tensor entries of every dtype and layout, no
    /// framework version and no reference vectors.
    static func everyOpManifest() throws -> WPKManifest {
        let ops: [Op] = [
            .conv2d(Conv2DAttributes(strideHeight: 2, dilationWidth: 2, padding: .explicit(top: 0, left: 1, bottom: 2, right: 3), groups: 8)),
            .conv2d(Conv2DAttributes(padding: .same)), .batchNorm(epsilon: 0.001), .batchNorm(epsilon: 1e-5), .dense,
            .activation(.relu), .activation(.relu6), .activation(.clip(min: -0.0, max: 6)),
            .activation(.hardSigmoid(alpha: 1 / 6, beta: 0.5)), .activation(.hardSwish), .activation(.sigmoid), .activation(.swish),
            .add, .mul, .globalAvgPool(keepDims: true), .globalAvgPool(keepDims: false),
            .avgPool(PoolAttributes(kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 2, padding: .same)),
            .maxPool(PoolAttributes(kernelHeight: 2, kernelWidth: 1, strideHeight: 1, strideWidth: 2,
                                    padding: .explicit(top: 1, left: 0, bottom: 0, right: 1), countIncludesPadding: true)),
            .reshape(shape: [-1, 1, 1, 1280]), .flatten, .pad(top: 0, left: 1, bottom: 1, right: 0, value: -.greatestFiniteMagnitude),
            .rescale(scale: 1 / 127.5, offset: -1), .softmax, .identity,
        ]
        let nodes = ops.enumerated().map { index, op in
            Node(name: "block_\(index)/\(op.canonicalName)", op: op, inputs: ["in_\(index)", "skip/\(index)"], outputs: ["out_\(index)"],
                 weights: index.isMultiple(of: 2) ? ["kernel": "w\(index)/kernel", "bias": "w\(index)/bias", "Gamma": "γ"] : [:])
        }
        let model = try TinyModel.make(reference: false)
        var entries = ManifestEncodingTests.manifest(model).tensors
        for (index, layout) in TensorLayout.allCases.enumerated() {
            var entry = entries[index % entries.count]
            entry.name = "layout/\(layout.rawValue)"
            entry.layout = layout
            entry.dtype = DType.allCases[index % DType.allCases.count]
            entry.shape = []
            entries.append(entry)
        }
        var provenance = model.provenance
        provenance.frameworkVersion = nil
        return WPKManifest(formatVersion: "1.0",
                           model: WPKGraph(name: "every op", inputs: model.inputs, outputs: model.outputs, nodes: nodes),
                           tensors: entries, provenance: provenance, reference: nil)
    }

    @Test func manifestsAreWrittenAsJSONEncoderWritesThem() throws {
        for reference in [true, false] {
            var model = try TinyModel.make(reference: reference)
            model.name = "tiny \"net\" / ü \u{1}"
            try Self.expectJSONEncoderBytes(ManifestEncodingTests.manifest(model))
        }
        let text = try Self.expectJSONEncoderBytes(Self.everyOpManifest())
        #expect(!text.contains("framework_version") && !text.contains("\"reference\""))
        let decoded = try Array(text.utf8).withUnsafeBytes { try WPKManifest(decoding: $0, path: "every op") }
        #expect(try decoded.encoded() == Array(text.utf8))
    }

    /// Every `.wpk` file under `Fixtures/`: its manifest, decoded and written again, is the
    /// manifest the file holds (written by `JSONEncoder` when the file was made).
    @Test func fixtureManifestsAreWrittenAgainByteForByte() throws {
        let fixtures = GoldenFileTests.url.deletingLastPathComponent().deletingLastPathComponent()
        let files = try #require(FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "wpk" }
        #expect(!files.isEmpty)
        for url in files {
            let file = Array(try Data(contentsOf: url))
            try file.withUnsafeBytes { bytes in
                let header = try WPKHeader(parsing: bytes, path: url.path)
                let manifestBytes = UnsafeRawBufferPointer(rebasing: bytes[try header.sections(fileSize: bytes.count, path: url.path).manifest])
                let manifest = try WPKManifest(decoding: manifestBytes, path: url.path)
                #expect(try SortedJSONEncoder.encode(manifest) == Array(manifestBytes), "\(url.lastPathComponent)")
                #expect(try Self.jsonEncoderBytes(manifest) == Array(manifestBytes), "\(url.lastPathComponent)")
            }
        }
    }
}
