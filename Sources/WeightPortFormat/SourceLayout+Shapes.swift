extension SourceLayout {
    /// The canonical (NHWC) shape of an array the source lays out as `sourceShape`. O(rank).
    /// Only 4-D `nchw` shapes change: `[n, c, h, w]` → `[n, h, w, c]`.
    public func canonicalShape(fromSource sourceShape: [Int]) -> [Int] {
        guard self == .nchw, sourceShape.count == 4 else { return sourceShape }
        return [sourceShape[0], sourceShape[2], sourceShape[3], sourceShape[1]]
    }

    /// The shape the source would give an array whose canonical shape is `canonicalShape`. O(rank).
    /// Only 4-D `nchw` shapes change: `[n, h, w, c]` → `[n, c, h, w]`.
    public func sourceShape(fromCanonical canonicalShape: [Int]) -> [Int] {
        guard self == .nchw, canonicalShape.count == 4 else { return canonicalShape }
        return [canonicalShape[0], canonicalShape[3], canonicalShape[1], canonicalShape[2]]
    }
}
