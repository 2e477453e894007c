import Dispatch
import Foundation

/// Saves sessions off the UI thread. Requests made while a save runs collapse into one save
/// of the newest state, so typing fast never queues up stale writes.
final class SessionAutosaver: @unchecked Sendable {
    private let store: SessionStore
    private let queue = DispatchQueue(label: "neurascore.autosave", qos: .utility)
    private let lock = NSLock()
    private var latest: ComposerSession?
    private let report: @Sendable (Action) -> Void

    init(store: SessionStore, report: @escaping @Sendable (Action) -> Void) {
        self.store = store
        self.report = report
    }

    func save(_ session: ComposerSession) {
        let scheduled = lock.withLock {
            let wasIdle = latest == nil
            latest = session
            return wasIdle
        }
        guard scheduled else { return }
        queue.async { [self] in
            guard let session = lock.withLock({ () -> ComposerSession? in
                defer { latest = nil }
                return latest
            }) else { return }
            do {
                try store.save(session)
            } catch {
                report(.error(String(describing: error)))
            }
        }
    }

    /// Waits for pending saves, then writes `session` on the calling thread (at exit).
    func saveNow(_ session: ComposerSession) throws(SessionError) {
        queue.sync {}
        try store.save(session)
    }
}
