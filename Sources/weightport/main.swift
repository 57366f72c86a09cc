import ArgumentParser
import Foundation

// Exit codes of the CLI contract: 0 success, 1 parity or integrity failed, 2 bad usage or an
// unreadable, invalid or unsupported input. ArgumentParser's own usage code (64) becomes 2.
do {
    var command = try WeightPortCommand.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch {
    let code = WeightPortCommand.exitCode(for: error)
    let message = WeightPortCommand.fullMessage(for: error)
    if code == .success {
        print(message)
        Foundation.exit(0)
    }
    FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
    Foundation.exit(2)
}
