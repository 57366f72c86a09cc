/// Unaligned SIMD loads and stores on float pointers (`vmovups`), used by every kernel: eight
/// floats by default, any width (the AVX-512 tiles' sixteen) by type.
extension UnsafePointer where Pointee == Float {
    /// Eight floats starting at `self + offset`.
    @inline(__always)
    func vector(at offset: Int) -> SIMD8<Float> {
        vector(SIMD8<Float>.self, at: offset)
    }

    /// `Vector.scalarCount` floats starting at `self + offset`.
    @inline(__always)
    func vector<Vector: SIMD>(_ type: Vector.Type, at offset: Int) -> Vector where Vector.Scalar == Float {
        UnsafeRawPointer(self + offset).loadUnaligned(as: Vector.self)
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// Eight floats starting at `self + offset`.
    @inline(__always)
    func vector(at offset: Int) -> SIMD8<Float> {
        UnsafePointer(self).vector(at: offset)
    }

    /// `Vector.scalarCount` floats starting at `self + offset`.
    @inline(__always)
    func vector<Vector: SIMD>(_ type: Vector.Type, at offset: Int) -> Vector where Vector.Scalar == Float {
        UnsafePointer(self).vector(type, at: offset)
    }

    /// Stores `value` (eight floats, or any width) at `self + offset`.
    @inline(__always)
    func store<Vector: SIMD>(_ value: Vector, at offset: Int) where Vector.Scalar == Float {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: Vector.self)
    }
}
