import Foundation

public enum SessionError: Error, Hashable, Sendable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotMoveAside(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "\(path): cannot save the session: \(reason)"
        case .cannotMoveAside(let path, let reason): "\(path): damaged, and it could not be moved aside: \(reason)"
        }
    }
}

/// The autosave file, `$XDG_STATE_HOME/neurascore/session.json` (default ~/.local/state).
public struct SessionStore: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> SessionStore {
        var stateHome = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if stateHome == nil { stateHome = (environment["HOME"] ?? NSTemporaryDirectory()) + "/.local/state" }
        return SessionStore(path: stateHome! + "/neurascore/session.json")
    }

    public enum LoadResult: Hashable, Sendable {
        case noSession
        case restored(ComposerSession)
        /// The file was damaged and now sits at `movedTo`; `problem` says what was wrong.
        case movedAside(movedTo: String, problem: String)
    }

    /// Never throws for a bad file: a damaged session is moved aside so the next start is clean.
    public func load() throws(SessionError) -> LoadResult {
        guard FileManager.default.fileExists(atPath: path) else { return .noSession }
        let problem: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let session = try JSONDecoder().decode(ComposerSession.self, from: data)
            if let invalid = session.validationProblem() {
                problem = "bad value: \(invalid)"
            } else {
                return .restored(session)
            }
        } catch let error as DecodingError {
            problem = Self.describe(error)
        } catch {
            problem = (error as NSError).localizedDescription
        }
        let aside = path + ".corrupt-" + String(Int(Date().timeIntervalSince1970))
        do {
            try FileManager.default.moveItem(atPath: path, toPath: aside)
        } catch {
            throw .cannotMoveAside(path: path, reason: (error as NSError).localizedDescription)
        }
        return .movedAside(movedTo: aside, problem: problem)
    }

    /// Writes to a temporary file, flushes it to disk and renames it over the old session, so
    /// a crash or power cut leaves either the old file or the new one, never half of one.
    public func save(_ session: ComposerSession) throws(SessionError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(session)
        } catch {
            throw .cannotWrite(path: path, reason: "encoding failed: \(error)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path: temporary, reason: String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        let reason = String(cString: strerror(errno))
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written, synced else {
            unlink(temporary)
            throw .cannotWrite(path: temporary, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
        // The rename itself is durable only once the directory is flushed.
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): "not valid session JSON: \(context.debugDescription)"
        case .keyNotFound(let key, _): "missing \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "bad value at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }
}
