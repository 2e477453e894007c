import Foundation

/// Finds models by name or path. Bundled models ship as a SwiftPM resource, which sits beside
/// the binary under `swift run`; a copied binary finds them through the environment, the user's
/// data folder or the source tree it was built from. `Bundle.module` is never touched, since
/// it calls fatalError when the resource folder is missing.
public struct ModelLocator: Sendable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var url: URL
        /// "bundled", "user" or "environment".
        public var origin: String
    }

    public static let defaultModelName = "chorale"
    public var directories: [(url: URL, origin: String)]

    public init(directories: [(url: URL, origin: String)]) {
        self.directories = directories
    }

    /// `$NEURASCORE_MODELS`, then `$XDG_DATA_HOME/neurascore/models`, then the bundled ones.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelLocator {
        var directories: [(URL, String)] = []
        if let custom = environment["NEURASCORE_MODELS"], !custom.isEmpty {
            directories.append((URL(fileURLWithPath: custom), "environment"))
        }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { $0 + "/.local/share" } ?? "/nonexistent")
        directories.append((URL(fileURLWithPath: dataHome).appendingPathComponent("neurascore/models"), "user"))
        for folder in bundledFolders() { directories.append((folder, "bundled")) }
        return ModelLocator(directories: directories)
    }

    /// A path (anything with a slash or a .safetensors suffix) or a model name; nil means the default.
    public func resolve(_ nameOrPath: String?) throws(ModelError) -> URL {
        let requested = nameOrPath ?? Self.defaultModelName
        if requested.contains("/") || requested.hasSuffix(".safetensors") {
            let url = URL(fileURLWithPath: requested)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw .unreadable(file: url.path, reason: "no such file")
            }
            return url
        }
        if let entry = installed().first(where: { $0.name == requested }) { return entry.url }
        throw .notFound(name: requested, searched: directories.map(\.url.path), installed: installed().map(\.name))
    }

    /// Every model found, the first of each name winning (user models shadow bundled ones).
    public func installed() -> [Entry] {
        var seen = Set<String>()
        var entries: [Entry] = []
        for (directory, origin) in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            // Training checkpoints sit beside their models; they are not models to play.
            let modelFiles = files.filter { $0.hasSuffix(".safetensors") && !$0.hasSuffix(".ckpt.safetensors") }
            // By name, so that "chorale" comes before "chorale-ahead" (the file names sort the other way).
            for file in modelFiles.sorted(by: { $0.dropLast(".safetensors".count) < $1.dropLast(".safetensors".count) }) {
                let name = String(file.dropLast(".safetensors".count))
                guard seen.insert(name).inserted else { continue }
                entries.append(Entry(name: name, url: directory.appendingPathComponent(file), origin: origin))
            }
        }
        return entries
    }

    public static func bundledFolders() -> [URL] {
        var folders: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let binaryFolder = executable.deletingLastPathComponent()
        folders.append(binaryFolder.appendingPathComponent("NeuraScore_NeuraCore.resources/Models"))
        folders.append(binaryFolder.appendingPathComponent("../share/neurascore/models").standardizedFileURL)
        // The source tree this binary was built from, for a binary copied elsewhere on the same machine.
        let sourceModels = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Models")
        folders.append(sourceModels)
        return folders
    }
}
