import Foundation
import Testing
import WeightPortFormat

@Suite struct NpyFileTests {
    /// `numpy.save` (NumPy 2.x) of `np.arange(6, dtype='<f4').reshape(2, 3) * 0.5 - 1`.
    static let numpyFloat32 = hexBytes("934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000080bf000000bf000000000000003f0000803f0000c03f")
    /// `numpy.save` of `np.array([1.0, -2.5, 65504.0], dtype='<f2')`.
    static let numpyFloat16 = hexBytes("934e554d5059010076007b276465736372273a20273c6632272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a003c00c1ff7b")

    static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).compactMap { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) }
    }

    /// An `.npy` file of format 1.0 with `header` as its dictionary text and `data` after it.
    static func npy(header: String, data: [UInt8] = []) -> [UInt8] {
        let text = Array(header.utf8) + [0x0A]
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
    }

    func decode(_ bytes: [UInt8]) throws -> NDArray {
        try bytes.withUnsafeBytes { try NpyFile.decode($0, name: "x.npy") }
    }

    /// The reason `decode` gives for refusing `bytes`, or `nil` when it accepts them.
    func refusal(_ bytes: [UInt8]) -> String? {
        do {
            _ = try decode(bytes)
            return nil
        } catch let FormatError.invalidNpy(file, reason) {
            #expect(file == "x.npy")
            return reason
        } catch {
            return "\(error)"
        }
    }

    @Test func readsWhatNumpyWrites() throws {
        #expect(try decode(Self.numpyFloat32) == NDArray(shape: [2, 3], values: [-1, -0.5, 0, 0.5, 1, 1.5]))
        #expect(try decode(Self.numpyFloat16) == NDArray(shape: [3], values: [1, -2.5, 65504]))
    }

    @Test func writesWhatNumpyWrites() throws {
        #expect(NpyFile.encode(try NDArray(shape: [2, 3], values: [-1, -0.5, 0, 0.5, 1, 1.5])) == Self.numpyFloat32)
        #expect(NpyFile.encode(try NDArray(shape: [3], values: [1, -2.5, 65504]), dtype: .float16) == Self.numpyFloat16)
    }

    @Test func roundTripsThroughAFile() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("x.npy")
        for shape in [[], [0], [5], [2, 3, 4], [1, 224, 224, 3]] {
            let count = shape.reduce(1, *)
            let array = try NDArray(shape: shape, values: (0..<count).map { Float($0) * 0.25 - 3 })
            try NpyFile.write(array, to: url)
            #expect(try NpyFile.read(contentsOf: url) == array)
        }
        #expect(try directory.contents() == ["x.npy"])
    }

    @Test func readsFormat2() throws {
        var bytes = Self.numpyFloat32
        bytes.replaceSubrange(6..<10, with: [2, 0, 0x76, 0, 0, 0])
        #expect(try decode(bytes) == NDArray(shape: [2, 3], values: [-1, -0.5, 0, 0.5, 1, 1.5]))
    }

    @Test func writesFormat2WhenTheHeaderOutgrows64KiB() throws {
        let array = try NDArray(shape: [Int](repeating: 1, count: 22_000), values: [2.5])
        let bytes = NpyFile.encode(array)
        #expect(bytes[6] == 2)
        #expect((bytes.count - 4) % 64 == 0)
        #expect(try decode(bytes) == array)
        let small = NpyFile.encode(try NDArray(shape: [Int](repeating: 1, count: 21_800), values: [2.5]))
        #expect(small[6] == 1)
        #expect(try decode(small).shape.count == 21_800)
    }

    @Test func refusesBigEndian() {
        #expect(refusal(Self.npy(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0]))?.contains("big-endian") == true)
    }

    @Test func refusesFortranOrder() {
        #expect(refusal(Self.npy(header: "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", data: [0, 0, 0, 0]))?.contains("C-order") == true)
    }

    @Test func refusesOtherDtypes() {
        for descr in ["<f8", "<i8", "|u1", "<c8"] {
            #expect(refusal(Self.npy(header: "{'descr': '\(descr)', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8)))?.contains("'\(descr)' is not supported") == true)
        }
    }

    @Test func refusesObjectArrays() {
        #expect(refusal(Self.npy(header: "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8)))?.contains("object") == true)
    }

    @Test func refusesStructuredDtypes() {
        #expect(refusal(Self.npy(header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0])) != nil)
    }

    @Test func refusesTruncatedData() {
        for length in 0..<Self.numpyFloat32.count {
            #expect(refusal(Array(Self.numpyFloat32.prefix(length))) != nil, "prefix of \(length) bytes was accepted")
        }
    }

    @Test func refusesTrailingData() {
        #expect(refusal(Self.numpyFloat32 + [0])?.contains("needs 24") == true)
    }

    @Test func refusesAbsurdHeaderLength() {
        var bytes = Self.numpyFloat32
        bytes.replaceSubrange(6..<10, with: [2, 0, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect(refusal(bytes)?.contains("limit") == true)
    }

    @Test func refusesShapeProductOverflow() {
        #expect(refusal(Self.npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"))?.contains("more elements") == true)
        #expect(refusal(Self.npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"))?.contains("too large") == true)
    }

    @Test func refusesUnknownFormatVersion() {
        var bytes = Self.numpyFloat32
        bytes[6] = 3
        #expect(refusal(bytes)?.contains("3.0") == true)
    }

    @Test func refusesMalformedHeaders() {
        for header in ["", "{", "{'descr': '<f4'}", "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1, }",
                       "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }", "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
                       "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", "{'descr: '<f4'}"] {
            #expect(refusal(Self.npy(header: header, data: [0, 0, 0, 0])) != nil, "header \(header) was accepted")
        }
        #expect(refusal(Array("not numpy at all".utf8))?.contains("magic") == true)
    }

    @Test func missingFileIsAnIOErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("missing.npy")
        #expect { try NpyFile.read(contentsOf: url) } throws: { error in
            guard case let FormatError.io(file, _) = error else { return false }
            return file == url.path
        }
    }
}
