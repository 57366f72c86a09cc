import Foundation
import Testing
@testable import WeightPortFormat

/// XXH64 against values computed independently with Python's `xxhash` 4.1.0 (and the published
/// empty-input value).
@Suite struct ChecksumTests {
    /// `count` bytes `i % 251`.
    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 251) } }

    @Test func xxh64MatchesReferenceVectors() {
        #expect(XXH64.hash([]) == 0xEF46_DB37_51D8_E999)
        #expect(XXH64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXH64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(XXH64.hash(Array("abc".utf8), seed: 1) == 0xBEA9_CA81_9932_8908)
        #expect(XXH64.hash(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x0B24_2D36_1FDA_71BC)
        #expect(XXH64.hash((0..<100).map(UInt8.init)) == 0x6AC1_E580_3216_6597)
        #expect(XXH64.hash((0..<100).map(UInt8.init), seed: 0x9E37_79B9_7F4A_7C15) == 0x3B97_D91E_BA03_E785)
        #expect(XXH64.hash(Self.pattern(31)) == 0xC346_D2B5_9B4D_8EE1)
        #expect(XXH64.hash(Self.pattern(32)) == 0xCBF5_9C51_16FF_32B4)
        #expect(XXH64.hash(Self.pattern(33)) == 0x0C53_5D1A_CAFB_8EAD)
        #expect(XXH64.hash(Self.pattern(1000)) == 0xF306_F04A_A88B_54D3)
    }

    @Test func xxh64IgnoresAlignmentOfTheInput() {
        let bytes = Self.pattern(1001)
        let aligned = XXH64.hash(Array(bytes[1...]))
        bytes.withUnsafeBytes { #expect(XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[1...])) == aligned) }
    }

    @Test func storageChecksumIsTheXXH64OfItsBytesComputedOnce() throws {
        let bytes = Self.pattern(100_003)
        let storage = bytes.withUnsafeBytes { ByteStorage(copying: $0) }
        #expect(!storage.checksumIsKnown)
        let concurrent = try ConcurrentMap.map(8) { _ in storage.checksum }
        #expect(storage.checksumIsKnown)
        #expect(concurrent == [UInt64](repeating: XXH64.hash(bytes), count: 8))
        #expect(storage.checksum == XXH64.hash(bytes))
    }

    @Test func xxh64HexIsSixteenLowercaseDigits() {
        #expect(XXH64.hex(0xEF46_DB37_51D8_E999) == "ef46db3751d8e999")
        #expect(XXH64.hex(0xB) == "000000000000000b")
        #expect(XXH64.value(hex: "000000000000000b") == 0xB)
        #expect(XXH64.value(hex: "000000000000000B") == nil)
        #expect(XXH64.value(hex: "b") == nil)
        #expect(XXH64.value(hex: "+00000000000000b") == nil)
    }
}
