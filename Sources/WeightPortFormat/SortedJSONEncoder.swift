/// Encodes any `Encodable` to compact JSON with sorted keys: byte for byte what Foundation's
/// `JSONEncoder` writes with `outputFormatting = [.sortedKeys, .withoutEscapingSlashes]` and its
/// default strategies (swift-foundation's `JSONEncoder.swift` and `JSONWriter.swift`), in about a
/// third of the time (a 74 KB MobileNetV2 manifest: ~2 ms, where `JSONEncoder` takes ~6 ms). The
/// rules it reproduces:
/// - object keys in the byte order of their UTF-8 (`utf8.lexicographicallyPrecedes`); a key written
///   twice in one container keeps its last value;
/// - strings escape `"`, `\`, `\b \f \n \r \t`, and the other bytes below 0x20 as `\u00xx` with
///   lowercase hex; slashes, DEL and non-ASCII UTF-8 are written as they are;
/// - integers in decimal; a `Float` or `Double` as its `description` without a trailing `.0`
///   (`1`, `0.001`, `1e-05`, `3.4028235e+38`, `-0`); a non-finite one throws;
/// - a nested value that encodes nothing is `{}`; a top-level one throws.
///
/// Unlike `JSONEncoder`, it gives `Date`, `Data`, `URL` and `Decimal` no special form (each is
/// written as its own `Encodable` conformance says: for `Date` that is the same number), and it does
/// not refuse containers nested more than 511 deep. Its coding paths hold the keys' string values
/// and the elements' indices (`Index 2`), not the original key types, and are whole where
/// `JSONEncoder`'s drop the keys leading to a nested container.
enum SortedJSONEncoder {
    /// The JSON text of `value`. Builds the tree of containers the `Encodable` conformances ask
    /// for, scalars already written as JSON text, then writes it out with each object's keys
    /// sorted. O(output + k log k for each object of k keys).
    /// - Throws: `EncodingError.invalidValue` for a NaN or infinite float (naming its coding path)
    ///   and for a top-level value that encodes nothing; whatever the conformances throw.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let shared = SharedJSONTree()
        try value.encode(to: ValueEncoder(shared: shared, entry: JSONTree.documentEntry))
        guard shared.tree.holdsDocument else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        return shared.tree.json()
    }
}

/// What an encoding has encoded so far: containers holding entries, scalars already written as
/// JSON text and keys as their UTF-8. Every container and entry of the encoding lives in the same
/// three arrays, a container's entries linked in the order written, and no entry holds a
/// reference, so the tree costs no allocation of its own per value (only the arrays' growth);
/// an object's entries are sorted only when the tree is written out.
private struct JSONTree {
    enum Kind {
        case object
        case array
    }

    /// What an entry holds.
    enum Value {
        /// Nothing encoded yet; written as `{}`, as `JSONEncoder` writes a value that encodes nothing.
        case pending
        /// Finished JSON text: these bytes of `text`.
        case text(Range<Int>)
        /// The container at this index of `containers`.
        case container(Int)
    }

    /// A member of an object, an element of an array, or the document's value.
    struct Entry {
        /// The UTF-8 of the member's key: these bytes of `text` (none for an element or the
        /// document's value).
        let key: Range<Int>
        var value: Value
        /// The index of the container holding the entry (-1 for the document's value), and the
        /// entry's position in it.
        let container: Int, position: Int
        /// The index of the container's next entry, or -1.
        var next = -1
    }

    struct Container {
        let kind: Kind
        /// The index of the entry holding the container.
        let entry: Int
        /// The indices of its first and last entries (-1 while empty), and their number.
        var first = -1, last = -1, count = 0
    }

    /// The index of the document's value: the top-level value.
    static let documentEntry = 0

    private var text: [UInt8] = []
    private var entries = [Entry(key: 0..<0, value: .pending, container: -1, position: 0)]
    private var containers: [Container] = []

    /// An empty tree whose arrays have room for a MobileNet manifest (MobileNetV2's: 74 KB of
    /// text, 4 735 entries, 1 428 containers) from the start: grown by doubling they were copied
    /// over and over and their new memory faulted in page by page (encoding MobileNetV2's
    /// manifest: 3.10 -> 2.77 ms). Untouched capacity costs only address space.
    init() {
        text.reserveCapacity(1 << 17)
        entries.reserveCapacity(1 << 13)
        containers.reserveCapacity(1 << 11)
    }

    /// Whether the document's value was encoded.
    var holdsDocument: Bool {
        if case .pending = entries[Self.documentEntry].value { false } else { true }
    }

    /// The number of entries of `container`.
    func count(of container: Int) -> Int {
        containers[container].count
    }

    /// Appends to `container` an entry (`key` empty for an array element) holding nothing yet.
    /// O(key) amortized.
    /// - Returns: its index.
    mutating func appendPending(to container: Int, key: String) -> Int {
        let keyStart = text.count
        text += key.utf8
        let index = entries.count
        var holder = containers[container]
        entries.append(Entry(key: keyStart..<text.count, value: .pending, container: container, position: holder.count))
        if holder.last >= 0 {
            entries[holder.last].next = index
        } else {
            holder.first = index
        }
        holder.last = index
        holder.count += 1
        containers[container] = holder
        return index
    }

    /// Appends to `container` an entry holding the JSON text `write` appends. O(key + text).
    mutating func appendScalar(to container: Int, key: String, _ write: (inout [UInt8]) -> Void) {
        setScalar(of: appendPending(to: container, key: key), write)
    }

    /// Fills the pending `entry` with the JSON text `write` appends. O(text).
    mutating func setScalar(of entry: Int, _ write: (inout [UInt8]) -> Void) {
        guard case .pending = entries[entry].value else {
            preconditionFailure("Attempt to encode value through single value container when previously value already encoded.")
        }
        let start = text.count
        write(&text)
        entries[entry].value = .text(start..<text.count)
    }

    /// The index of the container of `kind` in `entry`: the one asked for before, or a new one if
    /// the entry is pending. O(1) amortized.
    mutating func container(_ kind: Kind, in entry: Int) -> Int {
        switch entries[entry].value {
        case .pending:
            containers.append(Container(kind: kind, entry: entry))
            entries[entry].value = .container(containers.count - 1)
            return containers.count - 1
        case let .container(index) where containers[index].kind == kind:
            return index
        default:
            preconditionFailure("Attempt to push a new \(kind) container when already previously encoded at this path.")
        }
    }

    /// The index of the container of `kind` for member `key` of `object`: the one a nested
    /// container for `key` was asked for before, if that is still the key's last value
    /// (`JSONEncoder` hands out the same one), or a new member's. O(members).
    mutating func container(_ kind: Kind, in object: Int, forKey key: String) -> Int {
        var lastForKey: Int?
        var entry = containers[object].first
        while entry >= 0 {
            if text[entries[entry].key].elementsEqual(key.utf8) { lastForKey = entry }
            entry = entries[entry].next
        }
        if let lastForKey, case let .container(index) = entries[lastForKey].value, containers[index].kind == kind {
            return index
        }
        return container(kind, in: appendPending(to: object, key: key))
    }

    /// The coding path of `container`. O(depth).
    func codingPath(of container: Int) -> [any CodingKey] {
        codingPath(ofEntry: containers[container].entry)
    }

    /// The coding path of `entry`. O(depth).
    func codingPath(ofEntry entry: Int) -> [any CodingKey] {
        let container = entries[entry].container
        guard container >= 0 else { return [] }
        return switch containers[container].kind {
        case .object: codingPath(of: container) + [PathKey(stringValue: String(decoding: text[entries[entry].key], as: UTF8.self))]
        case .array: codingPath(of: container) + [PathKey(intValue: entries[entry].position)]
        }
    }

    /// The JSON text of the document, every object's members sorted by the UTF-8 bytes of their
    /// keys (stably, so of equal keys the last written is last, and only it is written).
    /// O(output + k log k for each object of k keys).
    func json() -> [UInt8] {
        text.withUnsafeBufferPointer { text in
            let writer = Writer(text: text, entries: entries, containers: containers)
            var output: [UInt8] = []
            output.reserveCapacity(text.count + 8 * entries.count)
            var sortedMembers: [Int] = []
            writer.write(entries[Self.documentEntry].value, into: &output, sortedMembers: &sortedMembers)
            return output
        }
    }

    /// Writes a finished tree out.
    private struct Writer {
        let text: UnsafeBufferPointer<UInt8>
        let entries: [Entry]
        let containers: [Container]

        /// Appends `value`'s JSON to `output`. `sortedMembers` is a stack of the member indices
        /// of the objects being written, each object's sorted.
        func write(_ value: Value, into output: inout [UInt8], sortedMembers: inout [Int]) {
            switch value {
            case .pending:
                output += "{}".utf8
            case let .text(range):
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[range]))
            case let .container(index):
                switch containers[index].kind {
                case .array: writeArray(containers[index], into: &output, sortedMembers: &sortedMembers)
                case .object: writeObject(containers[index], into: &output, sortedMembers: &sortedMembers)
                }
            }
        }

        private func writeArray(_ array: Container, into output: inout [UInt8], sortedMembers: inout [Int]) {
            output.append(UInt8(ascii: "["))
            var entry = array.first
            while entry >= 0 {
                if entry != array.first { output.append(UInt8(ascii: ",")) }
                write(entries[entry].value, into: &output, sortedMembers: &sortedMembers)
                entry = entries[entry].next
            }
            output.append(UInt8(ascii: "]"))
        }

        private func writeObject(_ object: Container, into output: inout [UInt8], sortedMembers: inout [Int]) {
            let start = sortedMembers.count
            var entry = object.first
            while entry >= 0 {
                sortedMembers.append(entry)
                entry = entries[entry].next
            }
            let end = sortedMembers.count
            sortedMembers[start..<end].sort { text[entries[$0].key].lexicographicallyPrecedes(text[entries[$1].key]) }
            output.append(UInt8(ascii: "{"))
            var isFirst = true
            for position in start..<end {
                let member = entries[sortedMembers[position]]
                let key = text[member.key]
                if position + 1 < end, key.elementsEqual(text[entries[sortedMembers[position + 1]].key]) {
                    continue  // a later value for the same key replaces this one
                }
                if !isFirst { output.append(UInt8(ascii: ",")) }
                isFirst = false
                output.appendJSONString(utf8: UnsafeBufferPointer(rebasing: key))
                output.append(UInt8(ascii: ":"))
                write(member.value, into: &output, sortedMembers: &sortedMembers)
            }
            output.append(UInt8(ascii: "}"))
            sortedMembers.removeSubrange(start...)
        }
    }
}

/// The tree every encoder and container of one encoding writes to.
private final class SharedJSONTree {
    var tree = JSONTree()
}

/// A coding path element: a member's key or an element's index (named `Index n`, as `JSONEncoder` does).
private struct PathKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

/// Throws `JSONEncoder`'s error for a NaN or an infinity, at `codingPath`.
private func requireFinite<F: BinaryFloatingPoint>(_ value: F, at codingPath: @autoclosure () -> [any CodingKey]) throws {
    guard value.isFinite else {
        throw EncodingError.invalidValue(value, .init(codingPath: codingPath(), debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
    }
}

/// The encoder of one value, `entry` of the tree; also its single-value container. Two words, so
/// passing it as `any Encoder` allocates nothing.
private struct ValueEncoder: Encoder, SingleValueEncodingContainer, KeylessScalarWriting {
    let shared: SharedJSONTree
    let entry: Int

    var codingPath: [any CodingKey] { shared.tree.codingPath(ofEntry: entry) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(ObjectContainer(shared: shared, object: shared.tree.container(.object, in: entry)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        ArrayContainer(shared: shared, array: shared.tree.container(.array, in: entry))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func writeScalar(_ write: (inout [UInt8]) -> Void) {
        shared.tree.setScalar(of: entry, write)
    }

    var nextValuePath: [any CodingKey] { codingPath }

    // Not in `KeylessScalarWriting`: the standard library's protocols give these two a default
    // implementation (which refuses them), and an extension's would be ambiguous with it.
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: Int128) throws { writeScalar { $0.appendJSONInteger(value) } }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: UInt128) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: self) }
}

/// A keyed container: the members of an object of the tree.
private struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let shared: SharedJSONTree
    let object: Int

    var codingPath: [any CodingKey] { shared.tree.codingPath(of: object) }

    private func append(_ key: Key, _ write: (inout [UInt8]) -> Void) {
        shared.tree.appendScalar(to: object, key: key.stringValue, write)
    }

    mutating func encodeNil(forKey key: Key) throws { append(key) { $0.appendJSONNull() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { append(key) { $0.appendJSONBool(value) } }
    mutating func encode(_ value: String, forKey key: Key) throws { append(key) { $0.appendJSONString(value) } }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try requireFinite(value, at: codingPath + [key])
        append(key) { $0.appendJSONNumber(value) }
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        try requireFinite(value, at: codingPath + [key])
        append(key) { $0.appendJSONNumber(value) }
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: Int8, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: Int16, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: Int32, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: Int64, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: Int128, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: UInt128, forKey key: Key) throws { append(key) { $0.appendJSONInteger(value) } }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let member = shared.tree.appendPending(to: object, key: key.stringValue)
        try value.encode(to: ValueEncoder(shared: shared, entry: member))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(ObjectContainer<NestedKey>(shared: shared, object: shared.tree.container(.object, in: object, forKey: key.stringValue)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ArrayContainer(shared: shared, array: shared.tree.container(.array, in: object, forKey: key.stringValue))
    }

    /// The encoder of member `super`.
    mutating func superEncoder() -> any Encoder {
        ValueEncoder(shared: shared, entry: shared.tree.appendPending(to: object, key: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(shared: shared, entry: shared.tree.appendPending(to: object, key: key.stringValue))
    }
}

/// An unkeyed container: the elements of an array of the tree.
private struct ArrayContainer: UnkeyedEncodingContainer, KeylessScalarWriting {
    let shared: SharedJSONTree
    let array: Int

    var codingPath: [any CodingKey] { shared.tree.codingPath(of: array) }
    var count: Int { shared.tree.count(of: array) }

    func writeScalar(_ write: (inout [UInt8]) -> Void) {
        shared.tree.appendScalar(to: array, key: "", write)
    }

    var nextValuePath: [any CodingKey] { codingPath + [PathKey(intValue: count)] }

    // Not in `KeylessScalarWriting`: the standard library's protocols give these two a default
    // implementation (which refuses them), and an extension's would be ambiguous with it.
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: Int128) throws { writeScalar { $0.appendJSONInteger(value) } }
    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    mutating func encode(_ value: UInt128) throws { writeScalar { $0.appendJSONInteger(value) } }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let element = shared.tree.appendPending(to: array, key: "")
        try value.encode(to: ValueEncoder(shared: shared, entry: element))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let element = shared.tree.appendPending(to: array, key: "")
        return KeyedEncodingContainer(ObjectContainer<NestedKey>(shared: shared, object: shared.tree.container(.object, in: element)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let element = shared.tree.appendPending(to: array, key: "")
        return ArrayContainer(shared: shared, array: shared.tree.container(.array, in: element))
    }

    /// The encoder of the next element.
    mutating func superEncoder() -> any Encoder {
        ValueEncoder(shared: shared, entry: shared.tree.appendPending(to: array, key: ""))
    }
}

/// A container whose values carry no key: a single value, or an array's next element. One
/// `encode` for every scalar type serves both, over the container's own way of storing a
/// scalar's JSON text.
private protocol KeylessScalarWriting {
    /// Stores the JSON text that `write` appends as the next value.
    func writeScalar(_ write: (inout [UInt8]) -> Void)
    /// The coding path of the next value (named in the error for a non-finite float).
    var nextValuePath: [any CodingKey] { get }
}

extension KeylessScalarWriting {
    mutating func encodeNil() throws { writeScalar { $0.appendJSONNull() } }
    mutating func encode(_ value: Bool) throws { writeScalar { $0.appendJSONBool(value) } }
    mutating func encode(_ value: String) throws { writeScalar { $0.appendJSONString(value) } }
    mutating func encode(_ value: Double) throws {
        try requireFinite(value, at: nextValuePath)
        writeScalar { $0.appendJSONNumber(value) }
    }
    mutating func encode(_ value: Float) throws {
        try requireFinite(value, at: nextValuePath)
        writeScalar { $0.appendJSONNumber(value) }
    }
    mutating func encode(_ value: Int) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: Int8) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: Int16) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: Int32) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: Int64) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt8) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt16) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt32) throws { writeScalar { $0.appendJSONInteger(value) } }
    mutating func encode(_ value: UInt64) throws { writeScalar { $0.appendJSONInteger(value) } }
}

/// The JSON text of scalars, as `JSONEncoder` writes it.
private extension [UInt8] {
    mutating func appendJSONNull() {
        self += "null".utf8
    }

    mutating func appendJSONBool(_ value: Bool) {
        self += value ? "true".utf8 : "false".utf8
    }

    /// Appends `value` in decimal, `-` first if negative. O(digits).
    mutating func appendJSONInteger(_ value: some FixedWidthInteger) {
        // The digits are found last first, so they go right to left into a buffer as long as the
        // longest number (the 39 digits of UInt128.max, or Int128.min's sign and 39 digits).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var start = buffer.endIndex
            var magnitude = value.magnitude
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if value < 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Appends finite `value` as `JSONEncoder` does: its `description` (the shortest digits that
    /// read back as the same value) without a trailing `.0`. O(1).
    mutating func appendJSONNumber(_ value: some BinaryFloatingPoint & CustomStringConvertible) {
        let text = value.description
        self += text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...]
    }

    /// Appends `string` quoted, escaped as `JSONEncoder` does with `.withoutEscapingSlashes`:
    /// `\"`, `\\`, `\b \f \n \r \t`, other bytes below 0x20 as `\u00xx` (lowercase hex), every
    /// other byte of the UTF-8 as it is. O(UTF-8 length).
    mutating func appendJSONString(_ string: String) {
        var string = string
        string.withUTF8 { appendJSONString(utf8: $0) }
    }

    /// Appends the string of UTF-8 `utf8` as `appendJSONString(_:)` does. O(`utf8.count`).
    mutating func appendJSONString(utf8: UnsafeBufferPointer<UInt8>) {
        append(UInt8(ascii: "\""))
        var unescapedStart = 0
        for offset in utf8.indices where utf8[offset] < 0x20 || utf8[offset] == UInt8(ascii: "\"") || utf8[offset] == UInt8(ascii: "\\") {
            append(contentsOf: UnsafeBufferPointer(rebasing: utf8[unescapedStart..<offset]))
            appendEscape(of: utf8[offset])
            unescapedStart = offset + 1
        }
        append(contentsOf: UnsafeBufferPointer(rebasing: utf8[unescapedStart...]))
        append(UInt8(ascii: "\""))
    }

    /// Appends the escape of `byte`: a byte below 0x20, a quote or a backslash.
    private mutating func appendEscape(of byte: UInt8) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
        case 0x08: append(UInt8(ascii: "b"))
        case 0x0C: append(UInt8(ascii: "f"))
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x0D: append(UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "t"))
        default:
            func hexDigit(_ nibble: UInt8) -> UInt8 {
                nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            self += "u00".utf8
            append(hexDigit(byte >> 4))
            append(hexDigit(byte & 0xF))
        }
    }
}
