import Foundation

/// A strict RFC 8259 JSON parser over UTF-8 bytes, building `JSONValue`s directly.
///
/// Replaces `JSONDecoder` + `Decodable` for Keras configurations: a MobileNet `model_config` is
/// a few hundred KB of nested objects, which the generic decoder walked at tens of ms (each value
/// tried as Bool, Double, String, array, object in turn, failures thrown). One pass here, no `Any`.
/// Python's bare `NaN`/`Infinity` tokens are rejected, like any other non-JSON token.
struct JSONParser {
    /// Why and where (byte offset) the text is not JSON.
    struct SyntaxError: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    /// Nesting deeper than this is refused (the recursion would otherwise follow the input).
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses one JSON value that spans all of `bytes` (surrounding whitespace allowed). O(n).
    /// - Throws: `SyntaxError` for anything that is not exactly one JSON value.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var parser = JSONParser(bytes)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    private func error(_ reason: String) -> SyntaxError {
        SyntaxError(offset: position, reason: reason)
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
        skipWhitespace()
        guard let byte = current else { throw error("unexpected end of text") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character '\(Unicode.Scalar(byte))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count,
              memcmp(bytes.baseAddress! + position, word.utf8Start, length) == 0 else { throw error("invalid literal") }
        position += length
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard current == byte else { throw error("expected '\(Unicode.Scalar(byte))'") }
        position += 1
    }

    /// `true` and steps over `byte` when it comes next (after whitespace).
    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard current == byte else { return false }
        position += 1
        return true
    }

    private mutating func object(depth: Int) throws -> JSONValue {
        position += 1
        var members = JSONObject()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            members.append(key, try value(depth: depth + 1))
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        return .object(members)
    }

    private mutating func array(depth: Int) throws -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        repeat {
            elements.append(try value(depth: depth + 1))
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return .array(elements)
    }

    /// A string starting at the opening quote; escapes decoded, UTF-8 validated.
    private mutating func string() throws -> String {
        position += 1
        let start = position
        var nonASCII: UInt8 = 0
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 {
            nonASCII |= byte & 0x80
            position += 1
        }
        guard let stop = current else { throw error("unterminated string") }
        if stop == UInt8(ascii: "\"") {
            position += 1
            let text = span(from: start, to: position - 1)
            // ASCII is valid UTF-8: decoding it needs no validation pass.
            return nonASCII == 0 ? String(decoding: text, as: UTF8.self) : try decoded(text)
        }
        var unescaped = Array(span(from: start, to: position))
        while true {
            guard let byte = current else { throw error("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try unescaped.withUnsafeBufferPointer { try decoded($0) }
            case UInt8(ascii: "\\"):
                try escape(into: &unescaped)
            case ..<0x20:
                position -= 1
                throw error("control character in a string")
            default:
                unescaped.append(byte)
            }
        }
    }

    /// The bytes `start ..< end` of the text, without a slice type (whose generic code is not
    /// specialised here and went through the runtime's metadata lookups on every string).
    private func span(from start: Int, to end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes.baseAddress! + start, count: end - start)
    }

    private func decoded(_ utf8: UnsafeBufferPointer<UInt8>) throws -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
        return text
    }

    /// The escape after a backslash, appended as UTF-8.
    private mutating func escape(into output: inout [UInt8]) throws {
        guard let byte = current else { throw error("unterminated string") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if (0xD800..<0xDC00).contains(scalar) {
                try literal("\\u")
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("unpaired surrogate in a \\u escape") }
            output.append(contentsOf: UTF8.encode(unicode)!)
        default:
            position -= 1
            throw error("invalid escape")
        }
    }

    private mutating func hexQuad() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexDigit(byte) else { throw error("invalid \\u escape") }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A number in JSON's grammar (`-? int frac? exp?`): an integer of up to 15 digits (exact
    /// in a `Double`) directly, any other through the standard library's conversion.
    private mutating func number() throws -> Double {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            guard digits() else { throw error("invalid number") }
        }
        let integerEnd = position
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits() else { throw error("invalid number") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() else { throw error("invalid number") }
        }
        if position == integerEnd, integerEnd - integerStart <= 15 {
            let magnitude = span(from: integerStart, to: integerEnd).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            return integerStart > start ? -Double(magnitude) : Double(magnitude)
        }
        guard let value = Double(String(decoding: span(from: start, to: position), as: UTF8.self)) else { throw error("invalid number") }
        return value
    }

    /// Steps over a run of decimal digits; `false` when there is none.
    private mutating func digits() -> Bool {
        let start = position
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        return position > start
    }
}
