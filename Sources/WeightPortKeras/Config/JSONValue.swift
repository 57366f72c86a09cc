import Foundation

/// A decoded JSON value: Keras configurations are heterogeneous trees, read here without `Any`.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// Any number (JSON does not tell integers apart; see `integer`).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object(JSONObject)

    /// Parses UTF-8 JSON text (standard JSON: Python's bare `NaN`/`Infinity` tokens are rejected).
    /// - Throws: an error naming the reason and byte offset for malformed text.
    public static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { try JSONParser.parse($0.bindMemory(to: UInt8.self)) }
    }

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    /// The string, or `nil`.
    public var string: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The number, or `nil`.
    public var number: Double? {
        if case let .number(value) = self { return value }
        return nil
    }

    /// The number when it is an exact integer, or `nil`.
    public var integer: Int? {
        guard case let .number(value) = self, value.rounded() == value, abs(value) < 1e15 else { return nil }
        return Int(value)
    }

    /// The Boolean, or `nil`.
    public var bool: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// The elements of an array, or `nil`.
    public var array: [JSONValue]? {
        if case let .array(value) = self { return value }
        return nil
    }

    /// The members of an object, or `nil`.
    public var object: JSONObject? {
        if case let .object(value) = self { return value }
        return nil
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool { self == .null }
}
