import Testing
@testable import WeightPortKeras

/// ``KerasJSON`` writes what Python's `json.dumps` writes, so configs compare byte for byte.
@Suite("Architecture: JSON is written like Python's json.dumps")
struct ArchitectureJSONTests {
    @Test("floats are Python's repr", arguments: [
        (6.0, "6.0"), (-1.0, "-1.0"), (0.001, "0.001"), (0.999, "0.999"), (1e-05, "1e-05"),
        (1.0 / 127.5, "0.00784313725490196"), (1.0 / 6.0, "0.16666666666666666"), (1e16, "1e+16"),
        (123456789012345.0, "123456789012345.0"), (0.0001, "0.0001"),
    ])
    func floats(_ value: Double, _ python: String) {
        #expect(KerasJSON.double(value).serialized == python)
    }

    @Test("non-finite floats are spelled NaN and Infinity as Python does")
    func nonFinite() {
        #expect(KerasJSON.double(.nan).serialized == "NaN")
        #expect(KerasJSON.double(-.infinity).serialized == "-Infinity")
    }

    @Test("separators are \", \" and \": \", and key order is kept")
    func separatorsAndOrder() {
        let value: KerasJSON = .object([.init("b", .array([1, .null, true])), .init("a", .object([]))])
        #expect(value.serialized == #"{"b": [1, null, true], "a": {}}"#)
    }

    @Test("strings are ASCII with Python's escapes")
    func strings() {
        #expect(KerasJSON.string("a\"b\\c\n\u{1}é😀").serialized == #""a\"b\\c\n\u0001\u00e9\ud83d\ude00""#)
    }
}
