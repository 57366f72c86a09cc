/// Unaligned SIMD8 loads and stores on float pointers (`vmovups`), used by every kernel.
extension UnsafePointer where Pointee == Float {
    /// Eight floats starting at `self + offset`.
    @inline(__always)
    func vector(at offset: Int) -> SIMD8<Float> {
        UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD8<Float>.self)
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// Eight floats starting at `self + offset`.
    @inline(__always)
    func vector(at offset: Int) -> SIMD8<Float> {
        UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Stores eight floats at `self + offset`.
    @inline(__always)
    func store(_ value: SIMD8<Float>, at offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}

#if WEIGHTPORT_AVX512
extension UnsafePointer where Pointee == Float {
    /// Sixteen floats starting at `self + offset` (one `zmm` load).
    @inline(__always)
    func vector16(at offset: Int) -> SIMD16<Float> {
        UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD16<Float>.self)
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// Sixteen floats starting at `self + offset` (one `zmm` load).
    @inline(__always)
    func vector16(at offset: Int) -> SIMD16<Float> {
        UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// Stores sixteen floats at `self + offset`.
    @inline(__always)
    func store(_ value: SIMD16<Float>, at offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: SIMD16<Float>.self)
    }
}
#endif
