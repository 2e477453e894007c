import Foundation
import NeuraCore
import NeuraLSTM
import NeuraMusic

/// The composer's generator: NeuraCore's LSTM sampler behind the composer's `NoteGenerator`.
/// Models are loaded once per path and kept with their packed weights and the states along the
/// last seed they primed, so pressing `g` again starts sampling at once.
public final class ModelNoteGenerator: NoteGenerator, @unchecked Sendable {
    private let locator: ModelLocator
    private let lock = NSLock()
    private var caches: [String: PrimingCache] = [:]

    public init(locator: ModelLocator = .standard()) {
        self.locator = locator
    }

    /// Loads (or returns the cached) model for a name or path; nil is the default model.
    public func model(named nameOrPath: String?) throws -> NeuraModel {
        try primingCache(named: nameOrPath).model
    }

    /// Loads the model and packs its weights now, on the caller's thread, so that the first `g`
    /// does not wait for them. Errors are left for that `g` to report.
    public func preload(_ nameOrPath: String?) {
        _ = try? primingCache(named: nameOrPath)
    }

    private func primingCache(named nameOrPath: String?) throws -> PrimingCache {
        let url = try locator.resolve(nameOrPath)
        if let cached = lock.withLock({ caches[url.path] }) { return cached }
        let cache = PrimingCache(model: try NeuraModel.load(contentsOf: url))
        lock.withLock { caches[url.path] = cache }
        return cache
    }

    public func generate(request: GenerationRequest, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool) throws {
        // Without a model path, a model named after the style (e.g. "folk") plays that style.
        let byStyle = locator.installed().contains { $0.name == request.style } ? request.style : nil
        let cache = try primingCache(named: request.modelPath ?? byStyle)
        let model = cache.model
        // An LSTM reads left to right: only what comes before the range can condition it.
        var seed = request.seed
        seed.notes = seed.notes.filter { $0.start < request.startStep }
        seed.drums = []
        seed.length = request.startStep
        seed = Score(
            stepsPerQuarter: seed.stepsPerQuarter, tempo: seed.tempo, timeSignature: seed.timeSignature,
            keySignature: seed.keySignature, notes: seed.notes, length: seed.length, style: seed.style)
        let steps = request.endStep - seed.length
        guard steps > 0 else { return }

        var controls = GenerationControls()
        controls.temperature = Float(request.temperature)
        controls.topP = request.topP < 1 ? Float(request.topP) : nil
        controls.rngSeed = request.rngSeed
        controls.variations = request.variationCount
        controls.scale = request.scale
        controls.steps = steps
        controls.style = model.encoding.styles.contains(request.style) ? request.style : nil
        let total = Double(steps * request.variationCount)
        var decided = [Int](repeating: 0, count: request.variationCount)
        do {
            _ = try ContinuationGenerator(primingCache: cache).generate(
                seed: seed, controls: controls, isCancelled: isCancelled,
                onEvent: { event in
                    switch event {
                    case .note(let variation, let generated):
                        emit(.note(variation: variation, Self.composerNote(generated, encoding: model.encoding)))
                    case .entropy(let variation, let step, let nats):
                        emit(.entropy(variation: variation, step: step, nats: Double(nats)))
                    case .progress(let variation, let step, _):
                        decided[variation] = step
                        emit(.progress(Double(decided.reduce(0, +)) / total))
                    case .warning:
                        break
                    }
                })
        } catch {
            // The protocol asks a cancelled generator to return quietly.
            guard error == .cancelled else { throw error }
        }
    }

    /// The pitches the model weighed for this note, most likely first, the sampled one included.
    static func composerNote(_ generated: SampledNote, encoding: EncodingConfig) -> GeneratedNote {
        let alternatives = generated.alternatives.compactMap { candidate -> NoteAlternative? in
            guard case .pitch(let pitch) = encoding.token(for: candidate.token) else { return nil }
            return NoteAlternative(pitch: pitch, probability: Double(candidate.probability))
        }
        return GeneratedNote(note: generated.note, alternatives: alternatives)
    }
}
