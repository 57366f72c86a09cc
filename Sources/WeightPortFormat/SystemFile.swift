import Foundation
#if os(Linux)
import CSystemCalls
#endif

/// An open file descriptor that closes itself in `deinit`. Each method wraps one system call,
/// retries `EINTR`, and turns a failure into `FormatError.io` naming the file and the system's reason.
final class SystemFile {
    /// The descriptor, valid while this object lives.
    let descriptor: Int32
    /// The path it was opened with, for error messages.
    let path: String

    private init(path: String, flags: Int32, mode: mode_t = 0, action: String) throws {
        var result: Int32
        repeat { result = open(path, flags | O_CLOEXEC, mode) } while result < 0 && errno == EINTR
        guard result >= 0 else { throw Self.failure(path, action) }
        descriptor = result
        self.path = path
    }

    /// Opens an existing file for reading.
    /// - Throws: `FormatError.io` when it cannot be opened.
    convenience init(reading path: String) throws {
        try self.init(path: path, flags: O_RDONLY, action: "cannot open for reading")
    }

    /// Creates a new file for writing (`O_EXCL`: never an existing one), mode 0666 less the umask.
    /// - Throws: `FormatError.io` when it exists or cannot be created.
    convenience init(creating path: String) throws {
        try self.init(path: path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o666, action: "cannot create")
    }

    /// Opens a directory so that it can be synced after a rename.
    /// - Throws: `FormatError.io` when it cannot be opened.
    convenience init(directory path: String) throws {
        try self.init(path: path, flags: O_RDONLY | O_DIRECTORY, action: "cannot open directory")
    }

    deinit { close(descriptor) }

    /// The file's size in bytes (`fstat`). O(1).
    /// - Throws: `FormatError.io` when `fstat` fails or the file is not a regular file.
    func size() throws -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.failure(path, "cannot stat") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw FormatError.io(file: path, reason: "is not a regular file") }
        return Int(status.st_size)
    }

    /// Reads up to `buffer.count` bytes; returns how many were read, 0 at end of file.
    /// - Throws: `FormatError.io` on a read error.
    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var result: Int
        repeat { result = read(descriptor, base, buffer.count) } while result < 0 && errno == EINTR
        guard result >= 0 else { throw Self.failure(path, "cannot read") }
        return result
    }

    /// Fills `buffer` completely.
    /// - Throws: `FormatError.io` on a read error or when the file ends first.
    func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            let count = try readChunk(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            guard count > 0 else { throw FormatError.io(file: path, reason: "ended after \(done) of \(buffer.count) bytes (changed while read?)") }
            done += count
        }
    }

    /// Writes all of `bytes`, looping over short writes.
    /// - Throws: `FormatError.io` on a write error (disk full, file too large, ...).
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let result = write(descriptor, base + done, bytes.count - done)
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, "cannot write")
            }
            done += result
        }
    }

    /// Writes all of `bytes` at `offset`, not moving the file position (`pwrite`), looping over
    /// short writes.
    /// - Throws: `FormatError.io` on a write error.
    func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let result = pwrite(descriptor, base + done, bytes.count - done, off_t(offset + done))
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, "cannot write")
            }
            done += result
        }
    }

    /// Empties the file and moves its position back to the start (`ftruncate`, `lseek`).
    /// - Throws: `FormatError.io` when either fails.
    func truncateToEmpty() throws {
        var result: Int32
        repeat { result = ftruncate(descriptor, 0) } while result < 0 && errno == EINTR
        guard result == 0 else { throw Self.failure(path, "cannot truncate") }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw Self.failure(path, "cannot seek") }
    }

    /// Shifts the whole file `count` bytes up, leaving a hole of `count` zero bytes at its start,
    /// without copying its data (`fallocate` with `FALLOC_FL_INSERT_RANGE`: Linux, on ext4 and
    /// XFS, for `count` a multiple of the file system's block size). Waits for the file's dirty
    /// data to be written back first (the kernel's rule). O(extents) besides.
    /// - Returns: false when the system or file system cannot (nothing then changed), true when done.
    func insertHoleAtStart(count: Int) -> Bool {
        #if os(Linux)
        var result: Int32
        repeat { result = fallocate(descriptor, Self.fallocInsertRange, 0, Int64(count)) } while result < 0 && errno == EINTR
        return result == 0
        #else
        return false
        #endif
    }

    /// Asks the kernel to start writing `count` bytes at `offset` to the device now, without
    /// waiting for them, so that a later `sync()` has less left to wait for (`sync_file_range`
    /// with `SYNC_FILE_RANGE_WRITE` on Linux; nothing elsewhere). A hint: a failure is ignored,
    /// `sync()` reports any write error. O(1) for the caller.
    func startWriteback(offset: Int, count: Int) {
        #if os(Linux)
        _ = sync_file_range(descriptor, Int64(offset), Int64(count), Self.syncFileRangeWrite)
        #endif
    }

    #if os(Linux)
    /// `FALLOC_FL_INSERT_RANGE` of `<linux/falloc.h>`.
    private static let fallocInsertRange: Int32 = 0x20

    /// `SYNC_FILE_RANGE_WRITE` of `<fcntl.h>`.
    private static let syncFileRangeWrite: UInt32 = 2
    #endif

    /// Flushes the file's data and metadata to stable storage (`fsync`).
    /// - Throws: `FormatError.io` when `fsync` fails.
    func sync() throws {
        var result: Int32
        repeat { result = fsync(descriptor) } while result < 0 && errno == EINTR
        guard result == 0 else { throw Self.failure(path, "cannot fsync") }
    }

    /// `FormatError.io` for the current `errno`.
    static func failure(_ path: String, _ action: String) -> FormatError {
        FormatError.io(file: path, reason: "\(action): \(String(cString: strerror(errno)))")
    }
}
