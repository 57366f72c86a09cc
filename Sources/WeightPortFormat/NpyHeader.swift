/// The header dictionary of a `.npy` file — `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`
/// — parsed from its Python-literal text without evaluating anything, or printed as NumPy prints it.
struct NpyHeader {
    /// Element type: `<f4` → `.float32`, `<f2` → `.float16`.
    var dtype: DType
    /// Dimensions, outermost first (`()` is a scalar).
    var shape: [Int]

    /// Creates a header.
    init(dtype: DType, shape: [Int]) {
        self.dtype = dtype
        self.shape = shape
    }

    /// Parses the dictionary text. O(text).
    /// - Throws: `FormatError.invalidNpy` naming `path` for malformed text, missing or extra keys,
    ///   any dtype other than `<f4`/`<f2`, Fortran order, or a negative dimension.
    init(parsing text: [UInt8], path: String) throws {
        var parser = Parser(text: text, path: path)
        let entries = try parser.dictionary()
        func fail(_ reason: String) -> FormatError { .invalidNpy(file: path, reason: reason) }
        guard Set(entries.keys) == ["descr", "fortran_order", "shape"] else {
            throw fail("header keys are \(entries.keys.sorted()); expected descr, fortran_order and shape")
        }
        switch entries["descr"] {
        case .string("<f4"): dtype = .float32
        case .string("<f2"): dtype = .float16
        case let .string(descr) where descr.hasPrefix(">"):
            throw fail("dtype '\(descr)' is big-endian; only little-endian '<f4' and '<f2' are supported")
        case let .string(descr) where descr.hasSuffix("O"):
            throw fail("dtype '\(descr)' is an object array; only '<f4' and '<f2' are supported")
        case let .string(descr):
            throw fail("dtype '\(descr)' is not supported; only '<f4' and '<f2' are")
        default:
            throw fail("descr is not a dtype string (structured dtypes are not supported)")
        }
        switch entries["fortran_order"] {
        case .bool(false): break
        case .bool(true): throw fail("fortran_order is True; only C-order arrays are supported")
        default: throw fail("fortran_order is not True or False")
        }
        guard case let .integers(shape) = entries["shape"] else { throw fail("shape is not a tuple of integers") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("shape \(shape) has a negative dimension") }
        self.shape = shape
    }

    /// The dictionary text as NumPy writes it, without padding.
    var text: String {
        let dimensions = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
        let descr = dtype == .float16 ? "<f2" : "<f4"
        return "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(dimensions)), }"
    }

    /// A parsed Python literal value of the header.
    private enum Value {
        case string(String)
        case bool(Bool)
        case integers([Int])
    }

    /// A recursive-descent reader of the header's Python-literal subset.
    private struct Parser {
        let text: [UInt8]
        let path: String
        var position = 0

        init(text: [UInt8], path: String) {
            self.text = text
            self.path = path
        }

        func fail(_ reason: String) -> FormatError {
            .invalidNpy(file: path, reason: "header: \(reason) at character \(position)")
        }

        mutating func skipSpace() {
            while position < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[position]) { position += 1 }
        }

        /// Skips spaces, then consumes `byte` if it is next.
        mutating func consume(_ byte: UInt8) -> Bool {
            skipSpace()
            guard position < text.count, text[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func expect(_ byte: UInt8) throws {
            guard consume(byte) else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
        }

        mutating func dictionary() throws -> [String: Value] {
            try expect(UInt8(ascii: "{"))
            var entries: [String: Value] = [:]
            while !consume(UInt8(ascii: "}")) {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                guard entries.updateValue(try value(), forKey: key) == nil else { throw fail("key '\(key)' repeats") }
                if !consume(UInt8(ascii: ",")) {
                    try expect(UInt8(ascii: "}"))
                    break
                }
            }
            skipSpace()
            guard position == text.count else { throw fail("unexpected text after the dictionary") }
            return entries
        }

        mutating func string() throws -> String {
            skipSpace()
            guard position < text.count, text[position] == UInt8(ascii: "'") || text[position] == UInt8(ascii: "\"") else {
                throw fail("expected a quoted string")
            }
            let quote = text[position]
            let start = position + 1
            guard let end = text[start...].firstIndex(of: quote) else { throw fail("unterminated string") }
            position = end + 1
            return String(decoding: text[start..<end], as: UTF8.self)
        }

        mutating func value() throws -> Value {
            skipSpace()
            guard position < text.count else { throw fail("expected a value") }
            switch text[position] {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "("):
                return .integers(try tuple())
            default:
                let word = text[position...].prefix { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
                position += word.count
                switch String(decoding: word, as: UTF8.self) {
                case "True": return .bool(true)
                case "False": return .bool(false)
                default: throw fail("unsupported value")
                }
            }
        }

        mutating func tuple() throws -> [Int] {
            try expect(UInt8(ascii: "("))
            var values: [Int] = []
            while !consume(UInt8(ascii: ")")) {
                skipSpace()
                let digits = text[position...].prefix { (0x30...0x39).contains($0) }
                guard !digits.isEmpty else { throw fail("expected a dimension") }
                guard let value = Int(String(decoding: digits, as: UTF8.self)) else { throw fail("dimension \(String(decoding: digits, as: UTF8.self)) is too large") }
                position += digits.count
                values.append(value)
                if !consume(UInt8(ascii: ",")) {
                    try expect(UInt8(ascii: ")"))
                    break
                }
            }
            return values
        }
    }
}
