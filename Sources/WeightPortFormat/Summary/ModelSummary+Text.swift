import Foundation

extension ModelSummary {
    /// The summary as text for a terminal: a header block (model, file, provenance, reference
    /// vectors, inputs and outputs), one row per layer, totals, the breakdown per kind with
    /// percentages, and the depthwise-separable pairs. Columns are aligned; figures are
    /// abbreviated (`4.23M`) except in the totals, which also give exact numbers. O(layers).
    /// - Parameter file: What the caller knows about the file; `nil` omits the file line.
    public func text(file: InspectedFile? = nil) -> String {
        var lines: [String] = []
        let fields = headerFields(file: file)
        let labelWidth = fields.map(\.0.count).max() ?? 0
        for (label, value) in fields {
            lines.append(label + String(repeating: " ", count: labelWidth - label.count) + "  " + value)
        }

        lines.append("")
        var table = TextTable([("Layer", .left), ("Op", .left), ("Attributes", .left), ("Output shape", .left),
                               ("Params", .right), ("MACs", .right), ("Kind", .left)])
        for layer in layers {
            table.append([layer.name, layer.op, layer.description, SummaryFormatting.shape(layer.outputShape),
                          SummaryFormatting.figure(layer.params), SummaryFormatting.figure(layer.macs), layer.kind.rawValue])
        }
        lines += table.lines()

        lines.append("")
        lines.append("Params  \(SummaryFormatting.figure(totals.params)) (\(SummaryFormatting.grouped(totals.params)))"
                     + "  trainable \(SummaryFormatting.grouped(totals.trainableParams))"
                     + ", batch-norm mean/variance \(SummaryFormatting.grouped(totals.nonTrainableParams))")
        lines.append("MACs    \(SummaryFormatting.figure(totals.macs)) (\(SummaryFormatting.grouped(totals.macs))) per sample")

        lines.append("")
        var kinds = TextTable([("Kind", .left), ("Layers", .right), ("Params", .right), ("%", .right), ("MACs", .right), ("%", .right)])
        for kind in LayerKind.allCases {
            let cost = breakdown[kind] ?? CostTotals()
            kinds.append([kind.rawValue, String(cost.layers), SummaryFormatting.figure(cost.params),
                          SummaryFormatting.percent(cost.params, of: totals.params),
                          SummaryFormatting.figure(cost.macs), SummaryFormatting.percent(cost.macs, of: totals.macs)])
        }
        lines += kinds.lines()

        lines.append("")
        if separablePairs.isEmpty {
            lines.append("No depthwise-separable pairs.")
        } else {
            lines.append("Depthwise-separable pairs: (dw + pw MACs) / MACs of the standard k×k conv C_in→N they replace,")
            lines.append("costed at the depthwise's output size (a stride-2 depthwise is compared with a stride-2 conv).")
            var pairs = TextTable([("Depthwise", .left), ("Pointwise", .left), ("k", .left), ("C_in→N", .left), ("Output", .left),
                                   ("dw+pw MACs", .right), ("Standard MACs", .right), ("Ratio", .right), ("1/N+1/k²", .right)])
            for pair in separablePairs {
                pairs.append([pair.depthwise, pair.pointwise,
                              "\(pair.kernelHeight)×\(pair.kernelWidth)/\(pair.strideHeight)",
                              "\(pair.inputChannels)→\(pair.outputChannels)", "\(pair.outputHeight)×\(pair.outputWidth)",
                              SummaryFormatting.figure(pair.separableMACs), SummaryFormatting.figure(pair.standardMACs),
                              String(format: "%.4f", pair.ratio), String(format: "%.4f", pair.closedFormRatio)])
            }
            lines += pairs.lines()
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Label/value pairs of the header block.
    private func headerFields(file: InspectedFile?) -> [(String, String)] {
        var fields: [(String, String)] = [("Model", modelName)]
        if let file {
            let size = file.sizeInBytes.map { ", \(SummaryFormatting.bytes($0))" } ?? ""
            fields.append(("File", "\(file.name) (\(file.format)\(size))"))
        }
        var source = [provenance.sourceFormat, provenance.sourceFile]
        if let framework = provenance.frameworkVersion { source.append(framework) }
        if !provenance.sourceSHA256.isEmpty { source.append("sha256 \(provenance.sourceSHA256.prefix(16))…") }
        fields.append(("Source", source.filter { !$0.isEmpty }.joined(separator: " · ")))
        let imported = [provenance.importerVersion, provenance.createdAt].filter { !$0.isEmpty }
        if !imported.isEmpty { fields.append(("Imported by", imported.joined(separator: " · "))) }
        let reference = file?.hasReferenceVectors ?? hasReferenceVectors
        fields.append(("Reference", reference ? "embedded (inputs and expected outputs)" : "none"))
        func describe(_ value: ValueInfo) -> String {
            let shape = valueShapes[value.name].map(SummaryFormatting.shape) ?? SummaryFormatting.shape(value.shape)
            return "\(value.name)  \(shape) \(value.dtype.rawValue), source layout \(value.sourceLayout.rawValue)"
        }
        for input in inputs { fields.append(("Input", describe(input))) }
        for output in outputs { fields.append(("Output", describe(output))) }
        fields.append(("Counted", "per sample (batch 1); params include batch-norm statistics, MACs count conv and dense only"))
        return fields
    }
}
