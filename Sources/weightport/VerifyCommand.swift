import ArgumentParser
import Foundation
import WeightPortFormat

/// `weightport verify`: integrity of a `.wpk` file, nothing else.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a .wpk file's integrity: header, manifest, every tensor's checksum, padding.",
        discussion: """
        Exits 0 when the file is intact, 1 when any byte of it is damaged or it is truncated, \
        2 when it cannot be read at all.

        Example:
          weightport verify mobilenet.wpk
        """
    )

    @Argument(help: "The .wpk file.")
    var file: String

    func run() throws {
        let started = Date()
        let wpk: WPKFile
        do {
            wpk = try WPKFile(contentsOf: URL(fileURLWithPath: file))
        } catch let error as FormatError {
            if case .io = error { throw error }
            print("\(file): FAILED: \(error)")
            throw ExitCode(1)
        }
        let problems = wpk.verify()
        let milliseconds = Date().timeIntervalSince(started) * 1000
        guard problems.isEmpty else {
            print("\(file): FAILED")
            for problem in problems { print("  \(problem)") }
            throw ExitCode(1)
        }
        print("\(file): OK (WPK \(wpk.formatVersion), \(wpk.model.tensors.count) tensors, \(wpk.fileSize) bytes, \(String(format: "%.1f", milliseconds)) ms)")
    }
}
