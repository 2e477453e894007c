import Foundation

/// Finds themes: an explicit path first, then the user's config folder, then the bundled
/// `Themes/` folder, and finally the compiled-in dark theme for the default name.
public struct ThemeLocator: Sendable {
    /// `$XDG_CONFIG_HOME/neurascore/themes` (default `~/.config/neurascore/themes`).
    public var userDirectory: String?
    /// Candidate bundled folders, most specific first; missing ones are skipped.
    public var bundledDirectories: [String]

    public static let defaultName = "dark"

    public init(userDirectory: String?, bundledDirectories: [String]) {
        self.userDirectory = userDirectory
        self.bundledDirectories = bundledDirectories
    }

    /// The standard places for this process.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String = CommandLine.arguments.first ?? ""
    ) -> ThemeLocator {
        var configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if configHome == nil, let home = environment["HOME"], !home.isEmpty { configHome = home + "/.config" }
        return ThemeLocator(
            userDirectory: configHome.map { $0 + "/neurascore/themes" },
            bundledDirectories: bundledThemeDirectories(executablePath: executablePath))
    }

    /// Beside the binary, in an installed `share/` tree, or in the source tree that built it
    /// (found by walking up from the binary, which covers `swift run` and `.build/debug`).
    static func bundledThemeDirectories(executablePath: String) -> [String] {
        var candidates: [String] = []
        let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        var directory = resolved.deletingLastPathComponent()
        candidates.append(directory.appendingPathComponent("Themes").path)
        candidates.append(directory.appendingPathComponent("../share/neurascore/Themes").standardized.path)
        for _ in 0..<6 {
            directory = directory.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("Themes").path)
        }
        // The source tree this file was compiled from: right for tests and for local builds.
        let sourceRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(sourceRoot.appendingPathComponent("Themes").path)
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }

    /// The names of every theme that can be found, for messages and `:theme` completion.
    public func availableNames() -> [String] {
        var names: Set<String> = [Self.defaultName]
        for directory in [userDirectory].compactMap({ $0 }) + bundledDirectories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".toml") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Loads a theme by path (anything with a `/` or ending in `.toml`) or by name.
    public func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try Self.loadFile(nameOrPath)
        }
        let directories = [userDirectory].compactMap { $0 } + bundledDirectories
        for directory in directories {
            let path = directory + "/" + nameOrPath + ".toml"
            if FileManager.default.fileExists(atPath: path) { return try Self.loadFile(path) }
        }
        if nameOrPath == Self.defaultName { return Theme.builtInDark }
        throw .notFound(name: nameOrPath, searched: directories.filter { FileManager.default.fileExists(atPath: $0) })
    }

    /// Real themes are a few KB.
    public static let maximumFileSize = 1 << 20

    public static func loadFile(_ path: String) throws(ThemeError) -> Theme {
        let data: Data
        do {
            // Read at most one byte past the limit, so a huge file or an endless device is refused cheaply.
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        guard data.count <= maximumFileSize else { throw .unreadable(file: path, reason: "larger than 1 MiB") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: path, reason: "not UTF-8 text")
        }
        return try Theme.parse(text, file: path)
    }
}
