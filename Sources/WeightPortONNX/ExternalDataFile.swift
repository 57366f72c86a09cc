#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WeightPortFormat

/// One open external data file of an ONNX model: a file descriptor (closed in `deinit`) and the
/// file's size. Locations are checked before anything is opened: relative, no `..`, and after
/// resolving symbolic links still inside the model's directory.
final class ExternalDataFile {
    let location: String
    let byteCount: Int
    private let descriptor: Int32

    /// Opens `location` relative to `directory` for `tensor` of `file`.
    /// - Throws: `ONNXImportError.externalDataAbsolutePath`, `.externalDataEscapes` or
    ///   `.externalDataUnreadable`.
    init(location: String, directory: URL, file: String, tensor: String) throws {
        guard !location.hasPrefix("/"), !location.hasPrefix("\\"), !Self.hasDrivePrefix(location) else {
            throw ONNXImportError.externalDataAbsolutePath(file: file, tensor: tensor, location: location)
        }
        let components = location.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        guard !components.isEmpty else {
            throw ONNXImportError.externalDataUnreadable(file: file, tensor: tensor, location: location, reason: "the location is empty")
        }
        guard !components.contains("..") else {
            throw ONNXImportError.externalDataEscapes(file: file, tensor: tensor, location: location)
        }
        guard let realDirectory = Self.realPath(directory.path) else {
            throw ONNXImportError.externalDataUnreadable(file: file, tensor: tensor, location: location, reason: "the model's directory cannot be resolved")
        }
        let candidate = directory.appendingPathComponent(location).path
        guard let realCandidate = Self.realPath(candidate) else {
            throw ONNXImportError.externalDataUnreadable(file: file, tensor: tensor, location: location, reason: "no such file")
        }
        let prefix = realDirectory.hasSuffix("/") ? realDirectory : realDirectory + "/"
        guard realCandidate.hasPrefix(prefix) else {
            throw ONNXImportError.externalDataEscapes(file: file, tensor: tensor, location: location)
        }
        let descriptor = open(realCandidate, O_RDONLY)
        guard descriptor >= 0 else {
            throw ONNXImportError.externalDataUnreadable(file: file, tensor: tensor, location: location, reason: String(cString: strerror(errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw ONNXImportError.externalDataUnreadable(file: file, tensor: tensor, location: location, reason: "not a regular file")
        }
        self.location = location
        self.byteCount = Int(status.st_size)
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Reads `length` bytes at `offset` into new aligned storage. The caller has checked that the
    /// range lies inside the file. O(length).
    /// - Throws: `ONNXImportError.externalDataUnreadable` when the read fails or comes up short.
    func read(offset: Int, length: Int, file: String, tensor: String) throws -> ByteStorage {
        try ByteStorage(count: length) { buffer in
            var done = 0
            while done < length {
                guard let base = buffer.baseAddress else { break }
                let result = pread(descriptor, base + done, length - done, off_t(offset + done))
                if result < 0, errno == EINTR { continue }
                guard result > 0 else {
                    let reason = result < 0 ? String(cString: strerror(errno)) : "the file ended early"
                    throw ONNXImportError.externalDataUnreadable(file: file, tensor: tensor, location: location, reason: reason)
                }
                done += result
            }
        }
    }

    private static func hasDrivePrefix(_ location: String) -> Bool {
        let characters = Array(location.prefix(2))
        return characters.count == 2 && characters[1] == ":" && characters[0].isLetter
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
