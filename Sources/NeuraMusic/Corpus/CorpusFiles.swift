import Foundation

public enum CorpusError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case noMIDIFiles(paths: [String])
    case unreadableFolder(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path): return "\(path): no such file or folder"
        case .noMIDIFiles(let paths): return "no .mid or .midi files in \(paths.joined(separator: ", "))"
        case .unreadableFolder(let path, let reason): return "\(path): cannot list the folder: \(reason)"
        }
    }
}

/// The MIDI files a CORPUS argument list names: files as given, folders searched recursively
/// for `.mid`/`.midi` (any case). Paths are sorted and de-duplicated so every run, on every
/// machine, sees the same files in the same order — train/test splits depend on it.
public enum CorpusFiles {
    public static let extensions: Set<String> = ["mid", "midi"]

    public static func list(_ paths: [String]) throws -> [URL] {
        var found = Set<String>()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CorpusError.notFound(path: path)
            }
            let root = URL(fileURLWithPath: path).standardizedFileURL
            if !isDirectory.boolValue {
                found.insert(root.path)
                continue
            }
            guard let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [],
                errorHandler: { _, _ in true })
            else { throw CorpusError.unreadableFolder(path: path, reason: "cannot enumerate") }
            for case let url as URL in walker where extensions.contains(url.pathExtension.lowercased()) {
                // Resolved first, so a link to a MIDI file counts as one.
                let isFile = (try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
                if isFile { found.insert(url.standardizedFileURL.path) }
            }
        }
        guard !found.isEmpty else { throw CorpusError.noMIDIFiles(paths: paths) }
        return found.sorted().map { URL(fileURLWithPath: $0) }
    }
}
