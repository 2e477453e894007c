import Foundation
import NeuraMusic

public enum SessionError: Error, Hashable, Sendable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotMoveAside(path: String, reason: String)
    /// The file is not a session the composer can restore; `problem` says why.
    case damaged(path: String, problem: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "\(path): cannot save the session: \(reason)"
        case .damaged(let path, let problem): "\(path): the saved session is damaged: \(problem)"
        case .cannotMoveAside(let path, let reason): "\(path): damaged, and it could not be moved aside: \(reason)"
        }
    }
}

/// The autosave file, `$XDG_STATE_HOME/neurascore/session.json` (default ~/.local/state).
public struct SessionStore: Sendable {
    public let path: String
    /// Fifty undo steps of a long score come to a few MB; a file far beyond that is not ours.
    public static let maximumFileSize = 64 << 20

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
            return .restored(try Self.decode(try read(), path: path))
        } catch {
            guard case .damaged(_, let damage) = error else { throw error }
            problem = damage
        }
        let aside = path + ".corrupt-" + String(Int(Date().timeIntervalSince1970))
        do {
            try FileManager.default.moveItem(atPath: path, toPath: aside)
        } catch {
            throw .cannotMoveAside(path: path, reason: (error as NSError).localizedDescription)
        }
        return .movedAside(movedTo: aside, problem: problem)
    }

    /// The file's bytes, refusing before reading one that is over the size limit.
    private func read() throws(SessionError) -> Data {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= Self.maximumFileSize else {
            throw .damaged(path: path, problem: "\(size) bytes, over the \(Self.maximumFileSize >> 20) MiB limit for a session")
        }
        do {
            // At most one byte past the limit, in case the file grew or is no regular file.
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            let data = try handle.read(upToCount: Self.maximumFileSize + 1) ?? Data()
            guard data.count <= Self.maximumFileSize else {
                throw SessionError.damaged(path: path, problem: "over the \(Self.maximumFileSize >> 20) MiB limit for a session")
            }
            return data
        } catch let error as SessionError {
            throw error
        } catch {
            throw .damaged(path: path, problem: (error as NSError).localizedDescription)
        }
    }

    /// A session file's bytes, decoded and checked; `.damaged` says what is wrong with them.
    public static func decode(_ data: Data, path: String) throws(SessionError) -> ComposerSession {
        let session: ComposerSession
        do {
            session = try JSONDecoder().decode(ComposerSession.self, from: data)
        } catch let error as DecodingError {
            throw .damaged(path: path, problem: describe(error))
        } catch {
            throw .damaged(path: path, problem: (error as NSError).localizedDescription)
        }
        if let invalid = session.validationProblem() { throw .damaged(path: path, problem: "bad value: \(invalid)") }
        return session
    }

    /// Saves through `AtomicFile`: a crash or power cut leaves the old session or the new one,
    /// never half of one. The file is private to the user (0600), as it holds their work.
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
        do {
            try AtomicFile.write([UInt8](data), to: URL(fileURLWithPath: path), permissions: 0o600)
        } catch {
            switch error {
            case .cannotWrite(_, let reason): throw .cannotWrite(path: path, reason: reason)
            }
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
