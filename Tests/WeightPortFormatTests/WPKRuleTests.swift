import Foundation
import Testing
import WeightPortFormat

/// One test per rule of `Schemas/WPK.md`, each on a file that breaks that rule and no other
/// (checksums recomputed by `WPKSurgery` unless the rule is the checksum).
@Suite struct WPKRuleTests {
    let original: [UInt8]

    init() throws {
        original = try WPKWriter.encode(TinyModel.make())
    }

    /// The error opening `bytes` gives, or `nil` when they open.
    func refusal(_ bytes: [UInt8]) -> FormatError? {
        do {
            _ = try WPKFile(bytes: bytes, name: "t.wpk")
            return nil
        } catch let error as FormatError {
            return error
        } catch {
            Issue.record("not a FormatError: \(error)")
            return nil
        }
    }

    /// The reason of an `.invalidWPK` refusal, or `nil`.
    func invalidReason(_ bytes: [UInt8]) -> String? {
        guard case let .invalidWPK(file, reason) = refusal(bytes) else { return nil }
        #expect(file == "t.wpk")
        return reason
    }

    func edited(_ edit: (inout WPKSurgery) -> Void) throws -> [UInt8] {
        var surgery = try WPKSurgery(original)
        edit(&surgery)
        return try surgery.assemble()
    }

    func headerEdited<T: FixedWidthInteger>(at offset: Int, _ value: T) -> [UInt8] {
        var bytes = original
        WPKSurgery.patch(&bytes, at: offset, value)
        WPKSurgery.rehash(&bytes)
        return bytes
    }

    @Test func surgeryAloneChangesNothing() throws {
        #expect(try edited { _ in } == original)
    }

    @Test func h1FileStartsWithTheMagic() {
        var bytes = original
        bytes[3] = UInt8(ascii: "X")
        #expect(invalidReason(bytes)?.contains("magic") == true)
        #expect(invalidReason(Array("PK\u{3}\u{4} not a wpk, just a zip".utf8) + [UInt8](repeating: 0, count: 64))?.contains("magic") == true)
    }

    @Test func h2NewerMajorVersionIsRefusedNamingBothVersions() {
        let error = refusal(headerEdited(at: 8, UInt16(2)))
        #expect(error == .unsupportedVersion(file: "t.wpk", found: "2.0", supported: "1.x"))
        #expect(error?.description.contains("file is WPK 2.0; this reader supports WPK 1.x") == true)
        #expect(refusal(headerEdited(at: 8, UInt16(0))) == .unsupportedVersion(file: "t.wpk", found: "0.0", supported: "1.x"))
    }

    @Test func h3NewerMinorVersionWithUnknownKeysIsAccepted() throws {
        let bytes = try edited { surgery in
            WPKSurgery.patch(&surgery.header, at: 10, UInt16(7))
            surgery.manifest["format_version"] = "1.7"
            surgery.manifest["signature"] = ["algorithm": "ed25519", "value": "00"]
            var model = surgery.manifest["model"] as? [String: Any] ?? [:]
            model["description"] = "added in 1.7"
            var nodes = model["nodes"] as? [[String: Any]] ?? []
            nodes[0]["comment"] = "ignored"
            model["nodes"] = nodes
            surgery.manifest["model"] = model
            surgery.editTensor(0) { $0["quantization"] = ["scheme": "none"] }
            var provenance = surgery.manifest["provenance"] as? [String: Any] ?? [:]
            provenance["host"] = "ci"
            surgery.manifest["provenance"] = provenance
        }
        let file = try WPKFile(bytes: bytes)
        #expect(file.formatVersion == WPKVersion(major: 1, minor: 7))
        let expected = try TinyModel.make()
        #expect(file.model.nodes == expected.nodes)
        #expect(file.model.tensors.map(\.name) == expected.tensors.map(\.name))
        #expect(file.model.provenance == expected.provenance)
        #expect(file.verify().isEmpty)
    }

    @Test func h4HeaderChecksumMatches() {
        var bytes = original
        WPKSurgery.patch(&bytes, at: 40, WPKSurgery.read(UInt64.self, bytes, at: 40) + 64)
        #expect(refusal(bytes) == .checksumMismatch(file: "t.wpk", part: "header"))
    }

    @Test func h5UnknownFlagsAreRefused() {
        #expect(invalidReason(headerEdited(at: 12, UInt32(1)))?.contains("flags 0x1") == true)
    }

    @Test func h6ManifestFollowsTheHeader() {
        #expect(invalidReason(headerEdited(at: 16, UInt64(128)))?.contains("manifest offset") == true)
    }

    @Test func h7ManifestLargerThan64MiBIsRefused() {
        #expect(invalidReason(headerEdited(at: 24, UInt64(64 << 20) + 1))?.contains("limit is 67108864") == true)
        #expect(invalidReason(headerEdited(at: 24, UInt64.max))?.contains("limit") == true)
        #expect(invalidReason(headerEdited(at: 24, UInt64(0)))?.contains("empty") == true)
    }

    @Test func h8DataSectionStartsAtTheNextPageAfterTheManifest() {
        let dataOffset = WPKSurgery.read(UInt64.self, original, at: 32)
        #expect(invalidReason(headerEdited(at: 32, dataOffset + 4096))?.contains("data section offset") == true)
        #expect(invalidReason(headerEdited(at: 32, dataOffset - 64))?.contains("data section offset") == true)
        var padded = original
        padded[Int(dataOffset) - 1] = 1
        #expect(invalidReason(padded)?.contains("padding before the data section") == true)
    }

    @Test func h9FileEndsAtTheEndOfTheDataSection() {
        for length in 0..<original.count {
            #expect(refusal(Array(original.prefix(length))) != nil, "a \(length)-byte prefix opened")
        }
        #expect(invalidReason(original + [0])?.contains("end of the file") == true)
        #expect(invalidReason(headerEdited(at: 40, UInt64.max - 100))?.contains("end of the file") == true)
    }

    @Test func h10ManifestChecksumMatches() {
        var bytes = original
        let position = bytes[64...].firstIndex(of: UInt8(ascii: "t")) ?? 64
        bytes[position] = UInt8(ascii: "T")
        #expect(refusal(bytes) == .checksumMismatch(file: "t.wpk", part: "manifest"))
    }

    @Test func m1ManifestIsAJSONObjectOfTheSchema() throws {
        #expect(try invalidReason(edited { $0.manifest["tensors"] = nil })?.contains("tensors is missing") == true)
        #expect(try invalidReason(edited { $0.editTensor(1) { $0["dtype"] = "bfloat16" } })?.contains("tensors[1].dtype") == true)
        #expect(try invalidReason(edited { $0.editTensor(0) { $0["offset"] = "0" } })?.contains("tensors[0].offset") == true)
        var bytes = original
        let length = Int(WPKSurgery.read(UInt64.self, bytes, at: 24))
        bytes.replaceSubrange(64..<64 + length, with: repeatElement(UInt8(ascii: "["), count: length))
        WPKSurgery.patch(&bytes, at: 48, XXH64.hash(Array(bytes[64..<64 + length])))
        WPKSurgery.rehash(&bytes)
        #expect(invalidReason(bytes)?.contains("manifest") == true)
    }

    @Test func m2FormatVersionEqualsTheHeaders() throws {
        #expect(try invalidReason(edited { $0.manifest["format_version"] = "1.1" })?.contains("format_version") == true)
    }

    @Test func m3LengthIsDtypeSizeTimesShape() throws {
        #expect(try invalidReason(edited { $0.editTensor(2) { $0["shape"] = [2] } })?.contains("'bn/gamma': length 16") == true)
        #expect(try invalidReason(edited { $0.editTensor(1) { $0["dtype"] = "float32" } })?.contains("'conv/bias'") == true)
        #expect(try invalidReason(edited { $0.editTensor(2) { $0["shape"] = [-4, -1] } })?.contains("'bn/gamma'") == true)
        #expect(try invalidReason(edited { $0.editTensor(2) { $0["shape"] = [1 << 31, 1 << 31, 4]; $0["length"] = 0 } })?.contains("'bn/gamma'") == true)
    }

    @Test func m4OffsetIsAMultipleOf64() throws {
        #expect(try invalidReason(edited { $0.editTensor(1) { $0["offset"] = ($0["offset"] as? Int ?? 0) + 4 } })?.contains("multiple of 64") == true)
        #expect(try invalidReason(edited { $0.editTensor(1) { $0["offset"] = -64 } })?.contains("multiple of 64") == true)
    }

    @Test func m5TensorsAscendWithoutOverlap() throws {
        #expect(try invalidReason(edited { $0.editTensor(1) { $0["offset"] = 0 } })?.contains("must not overlap") == true)
        let swapped = try edited { surgery in
            var tensors = surgery.manifest["tensors"] as? [[String: Any]] ?? []
            tensors.swapAt(2, 3)
            surgery.manifest["tensors"] = tensors
        }
        #expect(invalidReason(swapped)?.contains("ascending") == true)
        #expect(try invalidReason(edited { surgery in
            var reference = surgery.manifest["reference"] as? [String: Any] ?? [:]
            var inputs = reference["inputs"] as? [String: Any] ?? [:]
            inputs["offset"] = 0
            reference["inputs"] = inputs
            surgery.manifest["reference"] = reference
        })?.contains("'reference/inputs'") == true)
    }

    @Test func m6TensorsLieInsideTheDataSection() throws {
        let surgery = try WPKSurgery(original)
        #expect(try invalidReason(edited { $0.editTensor(7) { $0["offset"] = surgery.data.count } })?.contains("outside") == true)
        #expect(try invalidReason(edited { $0.editTensor(7) { $0["offset"] = Int.max - 63 } })?.contains("outside") == true)
    }

    @Test func m7ChecksumIsSixteenLowercaseHexDigits() throws {
        #expect(try invalidReason(edited { $0.editTensor(0) { $0["xxh64"] = ($0["xxh64"] as? String ?? "").uppercased() } })?.contains("16 lowercase hex") == true)
        #expect(try invalidReason(edited { $0.editTensor(0) { $0["xxh64"] = "abc" } })?.contains("16 lowercase hex") == true)
    }

    @Test func m8GraphIsConsistent() throws {
        func editNode(_ index: Int, _ edit: @escaping (inout [String: Any]) -> Void) throws -> [UInt8] {
            try edited { surgery in
                var model = surgery.manifest["model"] as? [String: Any] ?? [:]
                var nodes = model["nodes"] as? [[String: Any]] ?? []
                edit(&nodes[index])
                model["nodes"] = nodes
                surgery.manifest["model"] = model
            }
        }
        #expect(try invalidReason(editNode(0) { $0["weights"] = ["kernel": "missing/kernel"] })?.contains("missing/kernel") == true)
        #expect(try invalidReason(editNode(2) { $0["inputs"] = ["pool"] })?.contains("'pool'") == true)
        #expect(try invalidReason(editNode(1) { $0["name"] = "conv" })?.contains("two nodes") == true)
        #expect(try invalidReason(edited { $0.editTensor(1) { $0["name"] = "conv/kernel" } })?.contains("two tensors") == true)
        #expect(try invalidReason(editNode(0) { $0["op"] = "conv3d" })?.contains("unknown op 'conv3d'") == true)
    }

    @Test func d1VerifyDetectsAChangedTensor() throws {
        var bytes = original
        let surgery = try WPKSurgery(original)
        let dataOffset = original.count - surgery.data.count
        bytes[dataOffset + 448] ^= 0x01  // conv/kernel is 432 bytes; conv/bias starts at 448
        let problems = try WPKFile(bytes: bytes).verify()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("tensor 'conv/bias'") == true)
    }

    @Test func d2VerifyDetectsNonzeroPadding() throws {
        var bytes = original
        let bias = try WPKFile(bytes: original).model.tensors[1]
        let surgery = try WPKSurgery(original)
        let dataOffset = original.count - surgery.data.count
        let afterBias = dataOffset + 448 + bias.storage.count
        bytes[afterBias] = 0x80
        bytes[bytes.count - 1] = 0x01
        let problems = try WPKFile(bytes: bytes).verify()
        #expect(problems.count == 2)
        #expect(problems.first?.contains("padding before tensor 'bn/gamma'") == true)
        #expect(problems.last?.contains("padding at the end") == true)
    }

    @Test func everySingleByteFlipIsDetectedByOpenOrVerify() {
        for position in original.indices {
            for mask: UInt8 in [0x01, 0xFF] {
                var bytes = original
                bytes[position] ^= mask
                let detected: Bool
                do {
                    detected = !(try WPKFile(bytes: bytes).verify().isEmpty)
                } catch {
                    detected = error is FormatError
                }
                #expect(detected, "flipping byte \(position) with \(mask) went unnoticed")
            }
        }
    }

    @Test func errorsNameTheFile() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("broken.wpk")
        try Data(original.prefix(100)).write(to: url)
        for access in [WPKFile.Access.mmap, .read] {
            #expect { try WPKFile(contentsOf: url, access: access) } throws: { error in
                (error as? FormatError)?.description.hasPrefix(url.path + ": ") == true
            }
        }
        let missing = directory.url.appendingPathComponent("missing.wpk")
        #expect { try WPKFile(contentsOf: missing) } throws: { error in
            guard case let FormatError.io(file, reason) = error else { return false }
            return file == missing.path && reason.contains("No such file")
        }
        let empty = directory.url.appendingPathComponent("empty.wpk")
        try Data().write(to: empty)
        #expect(throws: FormatError.io(file: empty.path, reason: "file is empty")) { try WPKFile(contentsOf: empty) }
        #expect { try WPKFile(contentsOf: directory.url) } throws: { error in
            guard case FormatError.io = error else { return false }
            return true
        }
    }
}
