import ArgumentParser
import Formats
import Foundation

/// Turns a library error into one line on stderr and a non-zero exit, never a trap or stack dump.
enum CommandErrors {
    static func report(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            // One line, of bounded length, whatever the error echoes.
            let line = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
            FileHandle.standardError.write(Data("quantlab: error: \(Excerpt.of(line, limit: 1000))\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Prints each line as `quantlab: warning: LINE` on stderr.
    static func warn(_ lines: [String]) {
        for line in lines { FileHandle.standardError.write(Data("quantlab: warning: \(line)\n".utf8)) }
    }
}
