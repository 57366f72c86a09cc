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
