import Foundation
import NeuraCore

/// The composer's generator: NeuraCore's `ScoreGenerator` behind `NoteGenerator`. Models are
/// loaded once per file and kept with their packed weights and the states along the last
/// context they primed, so pressing `g` again starts sampling at once.
public final class ModelNoteGenerator: NoteGenerator, @unchecked Sendable {
    private let locator: ModelLocator
    private let lock = NSLock()
    private var caches: [String: PrimingCache] = [:]

    public init(locator: ModelLocator = .standard()) {
        self.locator = locator
    }

    /// Loads the model and packs its weights now, on the caller's thread, so that the first `g`
    /// does not wait for them. Errors are left for that `g` to report.
    public func preload(_ nameOrPath: String?) {
        _ = try? primingCache(named: nameOrPath)
    }

    private func primingCache(named nameOrPath: String?) throws -> PrimingCache {
        try primingCache(at: try locator.resolve(nameOrPath))
    }

    private func primingCache(at url: URL) throws(ModelError) -> PrimingCache {
        if let cached = lock.withLock({ caches[url.path] }) { return cached }
        let cache = PrimingCache(model: try NeuraModel.load(contentsOf: url))
        lock.withLock { caches[url.path] = cache }
        return cache
    }

    /// The model kept for generating: reading its sampling defaults loads it once for both.
    public func loadedModel(at url: URL) throws(ModelError) -> NeuraModel {
        try primingCache(at: url).model
    }

    public func generate(
        _ job: GenerationJob, model: String?, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool
    ) throws {
        let generator = ScoreGenerator(primingCache: try primingCache(named: model))
        do {
            _ = try generator.generate(job, isCancelled: isCancelled, onEvent: emit)
        } catch .cancelled {
            // A cancelled job returns quietly: the composer keeps what streamed in.
        }
    }
}
