import Dispatch
import Foundation
import NeuraCore

/// A flag the UI sets and the generator polls; safe to share between threads.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public var isCancelled: Bool { lock.withLock { cancelled } }
    public func cancel() { lock.withLock { cancelled = true } }
}

/// Runs one generation job at a time on a background queue and posts what happens as actions.
/// Starting a job cancels the one before it; the reducer drops events of jobs it no longer
/// waits for, so a slow cancellation can never mix two jobs' notes.
public final class GenerationRunner: @unchecked Sendable {
    private let generator: any NoteGenerator
    private let post: @Sendable (Action) -> Void
    /// Below the UI's priority so that sampling never starves drawing.
    private let queue = DispatchQueue(label: "neurascore.generation", qos: .utility)
    private let lock = NSLock()
    private var running: (jobID: Int, flag: CancellationFlag)?

    public init(generator: any NoteGenerator, post: @escaping @Sendable (Action) -> Void) {
        self.generator = generator
        self.post = post
    }

    public func start(jobID: Int, job: GenerationJob, model: String?) {
        let flag = CancellationFlag()
        lock.withLock {
            running?.flag.cancel()
            running = (jobID, flag)
        }
        let generator = generator
        let post = post
        queue.async { [weak self] in
            do {
                try generator.generate(
                    job, model: model,
                    emit: { event in if !flag.isCancelled { post(.generation(jobID: jobID, event)) } },
                    isCancelled: { flag.isCancelled })
                post(flag.isCancelled ? .generationCancelled(jobID: jobID) : .generationFinished(jobID: jobID))
            } catch {
                post(.generationFailed(jobID: jobID, message: String(describing: error)))
            }
            self?.lock.withLock {
                if self?.running?.jobID == jobID { self?.running = nil }
            }
        }
    }

    public func cancel(jobID: Int) {
        lock.withLock {
            if running?.jobID == jobID { running?.flag.cancel() }
        }
    }

    public func cancelAll() {
        lock.withLock { running?.flag.cancel() }
    }

    /// Blocks until queued jobs have returned; for shutdown and tests, never the UI loop.
    public func waitUntilIdle() {
        queue.sync {}
    }
}
