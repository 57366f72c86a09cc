import Foundation

/// Writes a file so that readers only ever see the old or the complete new contents: a temporary
/// file in the target's directory is written, `fsync`ed and `rename`d over the target, then the
/// directory is `fsync`ed. On any error the temporary file is removed and the target is untouched.
enum AtomicFile {
    /// Bytes written between two requests to start writing back to the device, so that the disk
    /// works while the rest is written and the final `fsync` waits for less (14 ms -> 10 ms for
    /// 14 MB here with 2 MiB steps; writing 14.7 MB then `fsync`, median of 16 alternating runs:
    /// 9.9 ms with 2 MiB steps, 9.1 with 1 MiB, 8.6 with 512 KiB, 8.7 with 256 KiB).
    static let writebackStep = 512 << 10

    /// Creates the temporary file, lets `body` write the contents through `write`, and publishes it
    /// at `url`. Costs the writes plus two `fsync`s; writeback starts every `writebackStep` bytes.
    /// - Throws: `FormatError.io` naming the file for any system-call failure, or whatever `body` throws.
    static func write(to url: URL, _ body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let directory = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(XXH64.hex(UInt64.random(in: .min ... .max)))").path
        let file: SystemFile
        do {
            file = try SystemFile(creating: temporary)
        } catch let FormatError.io(_, reason) {
            throw FormatError.io(file: url.path, reason: "\(reason) (a temporary file beside it)")
        }
        do {
            var written = 0
            var submitted = 0
            try body { bytes in
                var rest = bytes
                while !rest.isEmpty {
                    let piece = UnsafeRawBufferPointer(rebasing: rest.prefix(writebackStep - (written - submitted)))
                    try file.writeAll(piece)
                    written += piece.count
                    rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(piece.count))
                    if written - submitted == writebackStep {
                        file.startWriteback(offset: submitted, count: writebackStep)
                        submitted = written
                    }
                }
            }
            try file.sync()
            guard rename(temporary, url.path) == 0 else { throw SystemFile.failure(url.path, "cannot rename the temporary file over it") }
        } catch {
            unlink(temporary)
            throw error
        }
        try SystemFile(directory: directory).sync()
    }
}
