extension ModelSummary {
    /// The graph in Graphviz DOT: one box per layer labelled with its name, attributes and output
    /// shape, one ellipse per model input and output, and an edge from each value's producer to
    /// each of its consumers. Node identifiers are generated (`n0`, `i0`, `o0`); every name is
    /// written only inside a quoted, escaped label, so `/`, `"`, `\` or newlines in source names
    /// keep the file valid. Render with `dot -Tsvg model.dot -o model.svg`. O(layers + edges).
    public func dot() -> String {
        var lines = ["digraph \(Self.quoted(modelName)) {",
                     "  rankdir=TB;",
                     "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];",
                     "  edge [fontname=\"Helvetica\", fontsize=9];"]
        var producers: [String: String] = [:]
        for (index, input) in inputs.enumerated() {
            let shape = valueShapes[input.name] ?? input.shape
            lines.append("  i\(index) [shape=ellipse, label=\(Self.quoted("\(input.name)\n\(SummaryFormatting.shape(shape))"))];")
            producers[input.name] = "i\(index)"
        }
        for (index, layer) in layers.enumerated() {
            let label = "\(layer.name)\n\(layer.description)\n\(SummaryFormatting.shape(layer.outputShape))"
            lines.append("  n\(index) [label=\(Self.quoted(label))];")
            for input in layer.inputs {
                if let producer = producers[input] { lines.append("  \(producer) -> n\(index);") }
            }
            for output in layer.outputs { producers[output] = "n\(index)" }
        }
        for (index, output) in outputs.enumerated() {
            lines.append("  o\(index) [shape=ellipse, label=\(Self.quoted(output.name))];")
            if let producer = producers[output.name] { lines.append("  \(producer) -> o\(index);") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` as a DOT quoted string: `\` and `"` escaped, line breaks as `\n` (centred lines).
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": break
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
