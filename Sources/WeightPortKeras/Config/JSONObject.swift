/// The members of a JSON object in document order, looked up by name with a linear scan: Keras
/// configuration objects hold a handful to a few dozen members, where a scan of short names
/// costs less than hashing them (building a `Dictionary` per object was most of the parse of a
/// MobileNet `model_config`). A name given twice keeps its last value, as in a dictionary.
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// One member: a name and its value.
    public struct Member: Sendable, Hashable {
        public var name: String
        public var value: JSONValue
    }

    /// The members as written, repeated names included.
    public private(set) var members: [Member]

    /// An object with no members (the parser appends them).
    init() {
        members = []
    }

    /// An object of the literal's members, in order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { Member(name: $0.0, value: $0.1) }
    }

    /// The value of the last member named `name`, or `nil`. O(members).
    public subscript(name: String) -> JSONValue? {
        members.last { $0.name == name }?.value
    }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The member names as written (a repeated one more than once).
    public var names: [String] { members.map(\.name) }

    /// The members as a dictionary (a repeated name keeps its last value). O(members).
    public var dictionary: [String: JSONValue] {
        Dictionary(members.map { ($0.name, $0.value) }) { _, last in last }
    }

    /// Adds a member at the end.
    mutating func append(_ name: String, _ value: JSONValue) {
        members.append(Member(name: name, value: value))
    }

    /// Equal when both have the same names with equal values, in any order (as JSON objects are
    /// compared), a repeated name counting by its last value.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.dictionary == rhs.dictionary
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(dictionary)
    }
}
