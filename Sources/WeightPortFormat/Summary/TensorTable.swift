/// Every stored tensor of a model, in storage order: what `inspect --tensors` prints.
/// Building it is O(tensors) and reads no tensor data.
public struct TensorTable: Sendable, Hashable {
    /// One row per stored tensor.
    public var rows: [TensorSummary]
    /// Header of the checksum column (`xxh64`), naming the algorithm the caller used.
    public var checksumName: String

    /// Lists `model`'s tensors.
    /// - Parameters:
    ///   - checksums: Checksum per tensor name, as the caller computed or read it (for a `.wpk`,
    ///     the manifest's XXH64); tensors not in it show `-` in text and `null` in JSON.
    ///   - checksumName: Header of the checksum column.
    public init(model: Model, checksums: [String: String] = [:], checksumName: String = "checksum") {
        rows = model.tensors.map { TensorSummary($0, checksum: checksums[$0.name]) }
        self.checksumName = checksumName
    }

    /// Sum of `bytes` over all rows.
    public var totalBytes: Int { rows.reduce(0) { $0 + $1.bytes } }

    /// The table as aligned text with a closing line giving the count and total size. O(rows).
    public func text() -> String {
        var table = TextTable([("Tensor", .left), ("Dtype", .left), ("Shape", .left), ("Layout", .left),
                               ("Bytes", .right), (checksumName, .left)])
        for row in rows {
            table.append([row.name, row.dtype.rawValue, SummaryFormatting.shape(row.shape), row.layout.rawValue,
                          SummaryFormatting.grouped(row.bytes), row.checksum ?? "-"])
        }
        let total = "\(rows.count) tensors, \(SummaryFormatting.grouped(totalBytes)) bytes (\(SummaryFormatting.bytes(totalBytes)))"
        return (table.lines() + ["", total]).joined(separator: "\n") + "\n"
    }
}
