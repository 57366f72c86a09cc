import Foundation
import Testing
import WeightPortKeras

/// `JSONValue.parse`: strict RFC 8259, as Keras configurations need it.
@Suite("Config: JSON parsing")
struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    @Test("every kind of value, escapes and surrogate pairs")
    func values() throws {
        let value = try parse(#" {"a": [1, 2.5e3, -0.0, true, false, null, "x\u00e9\ud83d\ude00\n\"\/"], "b": {}, "c": []} "#)
        #expect(value["a"] == .array([.number(1), .number(2500), .number(-0.0), .bool(true), .bool(false), .null,
                                      .string("xé😀\n\"/")]))
        #expect(value["b"] == .object([:]))
        #expect(value["c"] == .array([]))
        #expect(try parse("0.001").number == 0.001)
        #expect(try parse("\"\"").string == "")
    }

    @Test("objects keep document order, a repeated name its last value; equality ignores order")
    func objects() throws {
        let value = try parse(#"{"b": 1, "a": 2, "b": 3}"#)
        #expect(try #require(value.object).names == ["b", "a", "b"])
        #expect(value["b"] == .number(3))
        #expect(value["c"] == nil)
        #expect(value == .object(["a": .number(2), "b": .number(3)]))
        #expect(try parse(#"{"x": 1, "y": [2]}"#) == parse(#"{"y": [2], "x": 1}"#))
        #expect(try parse(#"{"x": 1}"#) != parse(#"{"x": 2}"#))
        #expect(try parse(#"{"x": 1}"#) != parse(#"{"x": 1, "y": 1}"#))
    }

    /// Integers of up to 15 digits are converted by the parser itself, longer ones and any with a
    /// fraction or exponent by the standard library: both must give the same `Double`s.
    @Test("numbers equal the standard library's conversion", arguments: [
        "0", "-0", "7", "-42", "123456789012345", "-999999999999999", "1234567890123456", "98765432109876543210",
        "0.5", "-3.25e-7", "1e5", "1E+2", "6.02214076e23",
    ])
    func numbers(_ text: String) throws {
        let parsed = try #require(try parse(text).number)
        let expected = try #require(Double(text))
        #expect(parsed.bitPattern == expected.bitPattern)
    }

    /// Non-ASCII names skip the ASCII fast path and are validated; bytes that are not UTF-8 are refused.
    @Test("strings: ASCII, UTF-8 and invalid UTF-8")
    func utf8Strings() throws {
        #expect(try parse(#""conv_1/kernel:0""#).string == "conv_1/kernel:0")
        #expect(try parse("\"bloc_é_😀\"").string == "bloc_é_😀")
        #expect(throws: (any Error).self) { try JSONValue.parse(Data([0x22, 0x61, 0xFF, 0x62, 0x22])) }
    }

    @Test("malformed text is rejected", arguments: [
        "", "NaN", "-Infinity", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "\"\\x\"", "01", "1.", "-", "1e", "[1] x",
        "\"abc", "\"\u{1}\"", "\"\\ud83d\"", "tru", "{1: 2}",
    ])
    func malformed(_ text: String) {
        #expect(throws: (any Error).self) { try parse(text) }
    }

    @Test("nesting is bounded")
    func depth() {
        #expect(throws: (any Error).self) { try parse(String(repeating: "[", count: 10_000)) }
        #expect((try? parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))) != nil)
    }
}
