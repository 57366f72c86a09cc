/// A JSON value that keeps the key order of its objects, written exactly as Python's
/// `json.dumps` writes it with default arguments — the way Keras writes `model.to_json()` and
/// the `model_config` attribute of a legacy `.h5`.
///
/// Foundation's `JSONSerialization` neither keeps key order nor writes `6.0` as `6.0`; this type
/// does both, so a generated config can be compared byte for byte with one Keras wrote.
enum KerasJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([KerasJSON])
    case object([Member])

    /// One key-value pair of an object, in the position Keras writes it.
    struct Member: Sendable, Equatable {
        var key: String
        var value: KerasJSON

        init(_ key: String, _ value: KerasJSON) {
            self.key = key
            self.value = value
        }
    }

    /// The value of `key` in an object, or `nil` for a missing key or a non-object. O(members).
    subscript(key: String) -> KerasJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The text Python's `json.dumps(value)` writes: separators `", "` and `": "`, ASCII only
    /// (`\uXXXX` escapes), floats as Python's `repr` (`6.0`, `0.001`, `1e-05`). O(size).
    var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Self.pythonRepr(d)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += ", " }
                Self.writeString(member.key, to: &out)
                out += ": "
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Python's `repr(float)`: the shortest round-tripping digits, which Swift's `description`
    /// also produces, with Python's spellings of the non-finite values.
    static func pythonRepr(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return d.description
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for unit in s.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        out += "\""
    }
}

extension KerasJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
}
