import Foundation

/// A checker for the JSON Schema 2020-12 keywords `Schemas/wpk-manifest.schema.json` uses — `type`,
/// `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, `pattern`,
/// `minimum`, `minItems`, `maxItems`, `oneOf`, `$ref` to `#/$defs/…` — plus annotations. Any other
/// keyword is reported as an error, so the schema cannot outgrow the checker unnoticed.
struct JSONSchemaChecker {
    let root: [String: Any]

    private static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]

    init(contentsOf url: URL) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    /// Problems of `instance` against the schema at `pointer` (`#` or `#/$defs/name`), each with
    /// the JSON path where it occurs; empty when it conforms.
    func problems(_ instance: Any, against pointer: String = "#") -> [String] {
        guard let schema = resolve(pointer) else { return ["schema pointer \(pointer) does not resolve"] }
        return check(instance, schema, at: "$")
    }

    private func resolve(_ pointer: String) -> [String: Any]? {
        guard pointer != "#" else { return root }
        guard pointer.hasPrefix("#/$defs/") else { return nil }
        return (root["$defs"] as? [String: Any])?[String(pointer.dropFirst(8))] as? [String: Any]
    }

    private static func isBoolean(_ value: Any) -> Bool {
        (value as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? false
    }

    private static func number(_ value: Any) -> Double? {
        guard !isBoolean(value), let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }

    private static func hasType(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "boolean": isBoolean(value)
        case "number": number(value) != nil
        case "integer": number(value).map { $0.rounded() == $0 } ?? false
        default: false
        }
    }

    private static func equal(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case let (a as String, b as String): a == b
        case let (a as NSNumber, b as NSNumber): isBoolean(a) == isBoolean(b) && a == b
        default: false
        }
    }

    private func check(_ value: Any, _ schema: [String: Any], at path: String) -> [String] {
        var problems: [String] = []
        for (keyword, argument) in schema {
            switch keyword {
            case _ where Self.annotations.contains(keyword):
                break
            case "$ref":
                problems += self.problems(value, against: argument as? String ?? "").map { $0.replacingOccurrences(of: "$", with: path, options: .anchored) }
            case "type":
                if !Self.hasType(value, argument as? String ?? "") { problems.append("\(path): is not of type \(argument)") }
            case "enum":
                if !(argument as? [Any] ?? []).contains(where: { Self.equal($0, value) }) { problems.append("\(path): \(value) is not one of \(argument)") }
            case "const":
                if !Self.equal(argument, value) { problems.append("\(path): is not \(argument)") }
            case "pattern":
                if let string = value as? String, string.range(of: argument as? String ?? "", options: .regularExpression) == nil {
                    problems.append("\(path): '\(string)' does not match \(argument)")
                }
            case "minimum":
                if let number = Self.number(value), number < (Self.number(argument) ?? 0) { problems.append("\(path): \(number) is below \(argument)") }
            case "minItems":
                if let array = value as? [Any], array.count < (argument as? Int ?? 0) { problems.append("\(path): fewer than \(argument) items") }
            case "maxItems":
                if let array = value as? [Any], array.count > (argument as? Int ?? 0) { problems.append("\(path): more than \(argument) items") }
            case "required":
                if let object = value as? [String: Any] {
                    for key in argument as? [String] ?? [] where object[key] == nil { problems.append("\(path): '\(key)' is missing") }
                }
            case "properties":
                if let object = value as? [String: Any] {
                    for (key, subschema) in argument as? [String: [String: Any]] ?? [:] {
                        if let member = object[key] { problems += check(member, subschema, at: "\(path).\(key)") }
                    }
                }
            case "additionalProperties":
                if let object = value as? [String: Any], let subschema = argument as? [String: Any] {
                    let declared = (schema["properties"] as? [String: Any])?.keys.map { $0 } ?? []
                    for (key, member) in object where !declared.contains(key) { problems += check(member, subschema, at: "\(path).\(key)") }
                }
            case "items":
                if let array = value as? [Any], let subschema = argument as? [String: Any] {
                    for (index, member) in array.enumerated() { problems += check(member, subschema, at: "\(path)[\(index)]") }
                }
            case "oneOf":
                let matches = (argument as? [[String: Any]] ?? []).filter { check(value, $0, at: path).isEmpty }.count
                if matches != 1 { problems.append("\(path): matches \(matches) of the oneOf alternatives, not 1") }
            default:
                problems.append("schema keyword '\(keyword)' is not supported by this checker")
            }
        }
        return problems
    }
}
