extension WPKFile {
    /// Each stored weight tensor's XXH64 as the manifest records it (16 lowercase hex digits), by
    /// tensor name. O(tensors); reads no tensor data and checks nothing (`verify()` does).
    public var tensorChecksums: [String: String] {
        Dictionary(entries.map { ($0.name, $0.xxh64) }, uniquingKeysWith: { first, _ in first })
    }
}
