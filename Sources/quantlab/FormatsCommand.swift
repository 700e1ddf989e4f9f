import ArgumentParser
import Formats

struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List every named format, or show one format with all its code points."
    )

    @Argument(help: "A format spec; omitted, the table of every named format.")
    var spec: String?

    func run() throws {
        try CommandErrors.report {
            print(try spec.map(FormatListing.describe) ?? FormatListing.table())
        }
    }
}
