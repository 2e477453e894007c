import NeuraLSTM
import NeuraMusic

/// Continues a seed score with a model: primes the LSTM on the seed in one batched pass, then
/// samples every variation together, one token per step, masking the logits so that only
/// tokens that keep the score valid and inside the user's constraints can be drawn.
public struct ContinuationGenerator: Sendable {
    public let model: NeuraModel
    private let tokens: [Token]
    private let primingCache: PrimingCache?

    public init(model: NeuraModel) {
        self.init(model: model, primingCache: nil)
    }

    /// Generates with the cache's model; generating again from the same or a slightly edited
    /// seed then primes only what changed. The samples are the same either way.
    public init(primingCache: PrimingCache) {
        self.init(model: primingCache.model, primingCache: primingCache)
    }

    private init(model: NeuraModel, primingCache: PrimingCache?) {
        self.model = model
        self.primingCache = primingCache
        tokens = (0..<model.encoding.vocabularySize).map { model.encoding.token(for: $0)! }
    }

    /// Samples `controls.variations` continuations of `seed`. `forcedTokens` are taken as the
    /// first generated tokens (the model's view uses them to resample from a chosen
    /// alternative). Events stream out as notes complete; `isCancelled` is polled every token.
    public func generate(
        seed: Score, controls: GenerationControls, forcedTokens: [Int] = [],
        isCancelled: () -> Bool = { false }, onEvent: (ContinuationEvent) -> Void = { _ in }
    ) throws(GenerationError) -> GenerationResult {
        try controls.validate()
        let encoding = model.encoding
        let prepared = try prepareSeed(seed, controls: controls)
        var prefix: [Int]
        do {
            prefix = try encoding.encode(prepared)
        } catch {
            throw .unencodableSeed("\(error)")
        }
        prefix.removeLast()  // EOS: the piece goes on
        let start = prepared.length
        let end = start + (controls.steps ?? controls.bars * max(1, prepared.stepsPerBar))
        for token in forcedTokens where !(0..<encoding.vocabularySize).contains(token) {
            throw .invalidControl("forced token \(token) is outside the vocabulary")
        }

        var streams = (0..<controls.variations).map {
            StreamState(
                encoding: encoding, seed: prepared, start: start, end: end, temperature: controls.temperature,
                rng: SplitMix64(seed: Self.streamSeed(controls.rngSeed, variation: $0)))
        }
        for index in streams.indices {
            for token in prefix { streams[index].feedPrefix(token) }
        }
        // Half-precision step weights: batch-1 steps are bound by reading the weights, and the
        // logits move by about 1e-3 relative, far below what sampling can tell apart.
        var session: InferenceSession
        var logits: [[Float]]
        do {
            if let primingCache {
                let primed = try primingCache.session(primedOn: prefix + forcedTokens)
                (session, logits) = (primed.session, [primed.logits])
            } else {
                session = InferenceSession(parameters: model.parameters, precision: .float16)
                logits = try session.prime(prefixes: [prefix + forcedTokens])
            }
            if controls.variations > 1 {
                _ = try session.fork(stream: 0, copies: controls.variations - 1)
                logits += Array(repeating: logits[0], count: controls.variations - 1)
            }
        } catch {
            throw .engine(error.description)
        }
        for index in streams.indices {
            for token in forcedTokens {
                try streams[index].accept(token, distribution: nil, variation: index, onEvent: onEvent, controls: controls)
            }
        }

        // Live streams in session order; a finished stream is dropped from the batch.
        var live = streams.indices.filter { !streams[$0].isDone }
        var liveLogits = live.map { logits[$0] }
        if live.count < streams.count {
            do { try session.select(streams: live) } catch { throw .engine(error.description) }
        }
        while !live.isEmpty {
            if isCancelled() { throw .cancelled }
            var chosen: [Int] = []
            for (row, index) in live.enumerated() {
                let token = try streams[index].sample(
                    logits: liveLogits[row], controls: controls, tokens: tokens, variation: index, onEvent: onEvent)
                chosen.append(token)
            }
            let keep = live.indices.filter { !streams[live[$0]].isDone }
            if keep.isEmpty { break }
            do {
                if keep.count < live.count {
                    try session.select(streams: keep)
                    live = keep.map { live[$0] }
                    chosen = keep.map { chosen[$0] }
                }
                let flat = try session.step(tokens: chosen)
                let v = encoding.vocabularySize
                liveLogits = live.indices.map { Array(flat[($0 * v)..<(($0 + 1) * v)]) }
            } catch {
                throw .engine(error.description)
            }
        }
        return GenerationResult(seed: prepared, start: start, end: end, variations: streams.map(\.variation))
    }

    /// Each variation draws from its own generator, so variation i of a batch is the same music
    /// as a single run with this seed would give for it. Variation 0 uses the seed itself; the
    /// others an unrelated substream of it (see `SplitMix64(seed:stream:)`).
    static func streamSeed(_ seed: UInt64, variation: Int) -> UInt64 {
        variation == 0 ? seed : SplitMix64(seed: seed, stream: UInt64(variation)).state
    }

    private func prepareSeed(_ seed: Score, controls: GenerationControls) throws(GenerationError) -> Score {
        let encoding = model.encoding
        guard seed.stepsPerQuarter == encoding.stepsPerQuarter else {
            throw .gridMismatch(seed: seed.stepsPerQuarter, model: encoding.stepsPerQuarter)
        }
        let outside = seed.notes.map(\.pitch).filter { !encoding.pitchRange.contains($0) }
        guard outside.isEmpty else { throw .seedOutOfRange(pitches: outside, range: encoding.pitchRange) }
        var prepared: Score
        do {
            prepared = try seed.fitted(to: encoding, source: "seed").score
        } catch {
            throw .unencodableSeed("\(error)")
        }
        prepared.drums = []
        if let style = controls.style {
            guard encoding.styles.contains(style) else { throw .unknownStyle(style, known: encoding.styles) }
            prepared.style = style
        } else if prepared.style.map({ !encoding.styles.contains($0) }) ?? false {
            prepared.style = nil
        }
        let playable = encoding.pitchRange.filter { pitch in
            (controls.pitchRange?.contains(pitch) ?? true) && (controls.scale?.contains(pitch: pitch) ?? true)
        }
        guard !playable.isEmpty else {
            throw .invalidControl("no pitch of the model's range fits both the pitch range and the scale")
        }
        if prepared.style == nil, let first = encoding.styles.first { prepared.style = first }
        return prepared
    }
}
