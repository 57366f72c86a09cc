import Foundation

/// SHA-256 (FIPS 180-4) in pure Swift, for the provenance `source_sha256` of source files.
///
/// Streaming: feed any number of chunks with `update`, then call `finalize`. Memory is bounded by
/// one 64-byte block; a file is hashed in 1 MiB reads.
public struct SHA256: Sendable {
    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    private var state = SIMD8<UInt32>(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var pending: [UInt8] = []
    private var byteCount: UInt64 = 0

    /// A hasher that has seen no bytes.
    public init() {}

    /// Feeds `bytes`. O(n), allocation-free after the first call.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        byteCount &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { if let block = $0.baseAddress { Self.compress(&state, blocks: block, count: 1) } }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = (bytes.count - offset) / 64
        if let base = bytes.baseAddress, whole > 0 {
            Self.compress(&state, blocks: base + offset, count: whole)
            offset += whole * 64
        }
        pending.append(contentsOf: bytes[offset...])
    }

    /// Feeds `bytes`. O(n).
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the message and returns the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        let bitLength = byteCount &* 8
        var tail: [UInt8] = [0x80]
        tail += [UInt8](repeating: 0, count: (119 - pending.count) % 64)
        tail += (0..<8).map { UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * $0)) }
        let length = byteCount
        update(tail)
        byteCount = length
        return (0..<8).flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: state[word] >> (24 - 8 * $0)) } }
    }

    /// The digest of `bytes`. O(n).
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The lowercase hex digest of the file at `url`, read in 1 MiB chunks (bounded memory). O(file size).
    /// - Throws: `FormatError.io` naming the file when it cannot be opened or read.
    public static func hexDigest(ofFileAt url: URL) throws -> String {
        let file = try SystemFile(reading: url.path)
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = try file.readChunk(into: buffer)
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize().map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
    }

    /// Runs the compression function over `count` consecutive 64-byte blocks.
    ///
    /// Written for speed: the state and the 16-word message schedule live in local variables (no
    /// arrays, no bounds checks in the rounds), words are loaded big-endian straight from `blocks`,
    /// and the rounds are unrolled eight at a time with the variables renamed instead of shifted.
    private static func compress(_ state: inout SIMD8<UInt32>, blocks: UnsafeRawPointer, count: Int) {
        roundConstants.withUnsafeBufferPointer { constants in
            let k = constants.baseAddress!
            var h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3]
            var h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7]
            for blockIndex in 0..<count {
                let block = blocks + 64 * blockIndex
                @inline(__always) func word(_ index: Int) -> UInt32 {
                    UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                }
                var w0 = word(0), w1 = word(1), w2 = word(2), w3 = word(3), w4 = word(4), w5 = word(5), w6 = word(6), w7 = word(7)
                var w8 = word(8), w9 = word(9), w10 = word(10), w11 = word(11), w12 = word(12), w13 = word(13), w14 = word(14), w15 = word(15)
                var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                for t in stride(from: 0, to: 64, by: 16) {
                    if t > 0 {
                        // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], kept in a ring of 16.
                        w0 = expand(w0, w1, w9, w14); w1 = expand(w1, w2, w10, w15)
                        w2 = expand(w2, w3, w11, w0); w3 = expand(w3, w4, w12, w1)
                        w4 = expand(w4, w5, w13, w2); w5 = expand(w5, w6, w14, w3)
                        w6 = expand(w6, w7, w15, w4); w7 = expand(w7, w8, w0, w5)
                        w8 = expand(w8, w9, w1, w6); w9 = expand(w9, w10, w2, w7)
                        w10 = expand(w10, w11, w3, w8); w11 = expand(w11, w12, w4, w9)
                        w12 = expand(w12, w13, w5, w10); w13 = expand(w13, w14, w6, w11)
                        w14 = expand(w14, w15, w7, w12); w15 = expand(w15, w0, w8, w13)
                    }
                    eightRounds(&a, &b, &c, &d, &e, &f, &g, &h, k + t, w0, w1, w2, w3, w4, w5, w6, w7)
                    eightRounds(&a, &b, &c, &d, &e, &f, &g, &h, k + t + 8, w8, w9, w10, w11, w12, w13, w14, w15)
                }
                h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
            }
            state = SIMD8(h0, h1, h2, h3, h4, h5, h6, h7)
        }
    }

    /// The next schedule word from the one 16 back (`w16`), 15 back, 7 back and 2 back.
    @inline(__always)
    private static func expand(_ w16: UInt32, _ w15: UInt32, _ w7: UInt32, _ w2: UInt32) -> UInt32 {
        let s0 = rotate(w15, 7) ^ rotate(w15, 18) ^ (w15 &>> 3)
        let s1 = rotate(w2, 17) ^ rotate(w2, 19) ^ (w2 &>> 10)
        return w16 &+ s0 &+ w7 &+ s1
    }

    /// Eight rounds with constants `k[0..<8]` and words `w0...w7`; after eight renamings the
    /// variables are back in their places.
    @inline(__always)
    private static func eightRounds(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32,
                                    _ e: inout UInt32, _ f: inout UInt32, _ g: inout UInt32, _ h: inout UInt32,
                                    _ k: UnsafePointer<UInt32>,
                                    _ w0: UInt32, _ w1: UInt32, _ w2: UInt32, _ w3: UInt32,
                                    _ w4: UInt32, _ w5: UInt32, _ w6: UInt32, _ w7: UInt32) {
        round(a, b, c, &d, e, f, g, &h, k[0] &+ w0)
        round(h, a, b, &c, d, e, f, &g, k[1] &+ w1)
        round(g, h, a, &b, c, d, e, &f, k[2] &+ w2)
        round(f, g, h, &a, b, c, d, &e, k[3] &+ w3)
        round(e, f, g, &h, a, b, c, &d, k[4] &+ w4)
        round(d, e, f, &g, h, a, b, &c, k[5] &+ w5)
        round(c, d, e, &f, g, h, a, &b, k[6] &+ w6)
        round(b, c, d, &e, f, g, h, &a, k[7] &+ w7)
    }

    /// One round: `d += T1`, `h = T1 + T2` (the caller renames the variables for the next round).
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
        let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) | (c & (a | b)))
        d &+= t1
        h = t1 &+ t2
    }

    @inline(__always)
    private static func rotate(_ value: UInt32, _ bits: UInt32) -> UInt32 {
        (value &>> bits) | (value &<< (32 - bits))
    }
}

/// The SHA-256 of a file, computed on a thread of its own so that it overlaps the caller's work
/// (an importer parsing the same file): `init` starts it, `hexDigest()` waits for the result.
public final class BackgroundFileDigest: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    /// Written once by the hashing thread before `finished` is signalled; read only after waiting.
    private var result: Result<String, any Error> = .success("")

    /// Starts hashing the file at `url` on a new thread. O(1) for the caller.
    public init(ofFileAt url: URL) {
        Thread.detachNewThread { [self] in
            result = Result { try SHA256.hexDigest(ofFileAt: url) }
            finished.signal()
        }
    }

    /// Waits for the hash and returns its lowercase hex digest; may be called more than once.
    /// - Throws: what `SHA256.hexDigest(ofFileAt:)` threw (`FormatError.io` naming the file).
    public func hexDigest() throws -> String {
        finished.wait()
        finished.signal()
        return try result.get()
    }
}
