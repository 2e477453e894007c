import NeuraLSTM
import NeuraMusic

/// Runs a `GenerationJob` with a model: primes the LSTM on the context in one pass, then samples
/// every variation together, one token per step, masking the logits so that only tokens that
/// keep the score valid and inside the user's constraints can be drawn. This is the one
/// generation path: `neurascore generate` and the composer both come through here.
public struct ScoreGenerator: Sendable {
    public let model: NeuraModel
    private let tokens: [Token]
    private let primingCache: PrimingCache?

    public init(model: NeuraModel) {
        self.init(model: model, primingCache: nil)
    }

    /// Generates with the cache's model; generating again from the same or a slightly edited
    /// context then primes only what changed. The samples are the same either way.
    public init(primingCache: PrimingCache) {
        self.init(model: primingCache.model, primingCache: primingCache)
    }

    private init(model: NeuraModel, primingCache: PrimingCache?) {
        self.model = model
        self.primingCache = primingCache
        tokens = (0..<model.encoding.vocabularySize).map { model.encoding.token(for: $0)! }
    }

    /// Samples `job.controls.variations` takes of `job.range`. Events stream out as notes
    /// complete; `isCancelled` is polled before every token.
    public func generate(
        _ job: GenerationJob, isCancelled: () -> Bool = { false }, onEvent: (GenerationEvent) -> Void = { _ in }
    ) throws(GenerationError) -> GenerationResult {
        try job.validate()
        let controls = job.controls
        let heard = try ContextPreparation(model: model, job: job)
        var prefix: [Int]
        do {
            let (context, _) = try model.encoding.encodeContext(heard.context, controls: heard.controls, before: job.range.lowerBound)
            prefix = context
            // Notes the model must hear on the range's first step put the clock there; without
            // them, the rest after the last note is the model's to choose (no earlier than the range).
            if !heard.opening.isEmpty {
                prefix += try model.encoding.openingTokens(
                    heard.opening, at: job.range.lowerBound, after: heard.context, controls: heard.controls)
            }
        } catch {
            throw .unencodableSeed("\(error)")
        }
        onEvent(.parts(ModelParts(
            parts: model.encoding.parts.isEmpty ? [Part.unnamed(0)] : model.encoding.roleParts, heardAs: heard.heardAs)))
        for notice in heard.notices { onEvent(.notice(notice)) }
        if job.pick != nil { onEvent(.opening(heard.opening)) }

        var streams = (0..<controls.variations).map {
            StreamState(
                encoding: model.encoding, stepsPerBar: job.score.stepsPerBar, range: job.range,
                temperature: controls.temperature,
                rng: SplitMix64(seed: Self.streamSeed(controls.rngSeed, variation: controls.firstVariation + $0)),
                given: heard.given)
        }
        for index in streams.indices {
            for token in prefix { streams[index].feedContext(token) }
            streams[index].contextFed()
        }
        // Half-precision step weights: batch-1 steps are bound by reading the weights, and the
        // logits move by about 1e-3 relative, far below what sampling can tell apart.
        var session: InferenceSession
        var logits: [[Float]]
        do {
            if let primingCache {
                let primed = try primingCache.session(primedOn: prefix)
                (session, logits) = (primed.session, [primed.logits])
            } else {
                session = InferenceSession(parameters: model.parameters, precision: .float16)
                logits = try session.prime(prefixes: [prefix])
            }
            if controls.variations > 1 {
                _ = try session.fork(stream: 0, copies: controls.variations - 1)
                logits += Array(repeating: logits[0], count: controls.variations - 1)
            }
        } catch {
            throw .engine(error.description)
        }

        // Live streams in session order; a finished stream is dropped from the batch. A stream
        // that reaches its ending is forked into candidates, all of the same variation.
        var variationOf = Array(streams.indices)
        var live = streams.indices.filter { !streams[$0].isDone }
        var liveLogits = live.map { logits[$0] }
        if live.count < streams.count {
            do { try session.select(streams: live) } catch { throw .engine(error.description) }
        }
        let quiet: (GenerationEvent) -> Void = { _ in }
        // Per variation: its candidate that came to the close from the dominant first.
        var authenticEnding: [Int: Int] = [:]
        while !live.isEmpty {
            if isCancelled() { throw .cancelled }
            let reaching = live.indices.filter { streams[live[$0]].reachesEnding }
            if !reaching.isEmpty {
                var order = Array(live.indices)
                for row in reaching {
                    let slot = live[row]
                    streams[slot].becomeEndingCandidate(rng: nil)
                    let seed = Self.streamSeed(controls.rngSeed, variation: controls.firstVariation + variationOf[slot])
                    for candidate in 1..<Self.endingCandidates {
                        var copy = streams[slot]
                        copy.becomeEndingCandidate(rng: SplitMix64(seed: seed, stream: UInt64(candidate)))
                        streams.append(copy)
                        variationOf.append(variationOf[slot])
                        live.append(streams.count - 1)
                        liveLogits.append(liveLogits[row])
                        order.append(row)
                    }
                }
                do { try session.select(streams: order) } catch { throw .engine(error.description) }
            }
            var chosen: [Int] = []
            for (row, index) in live.enumerated() {
                let token = try streams[index].next(
                    logits: liveLogits[row], controls: controls, tokens: tokens, variation: variationOf[index],
                    onEvent: streams[index].ending == nil ? onEvent : quiet)
                chosen.append(token)
            }
            for slot in live where streams[slot].ending?.fromDominant == true && authenticEnding[variationOf[slot]] == nil {
                authenticEnding[variationOf[slot]] = slot
            }
            for slot in live where authenticEnding[variationOf[slot]].map({ $0 != slot }) ?? false {
                streams[slot].setAside()
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
                let v = model.encoding.vocabularySize
                liveLogits = live.indices.map { Array(flat[($0 * v)..<(($0 + 1) * v)]) }
            } catch {
                throw .engine(error.description)
            }
        }
        let variations = (0..<controls.variations).map { variation in
            let candidates = streams.indices.filter { variationOf[$0] == variation }
            // The best ending; on a tie, the first drawn.
            let order = { (slot: Int) in
                let rank = EndingCandidate.rank(streams[slot].ending)
                return (rank.0, rank.1, rank.2, -slot)
            }
            let best = candidates.max { order($0) < order($1) }!
            if let ending = streams[best].ending {
                Self.announce(streams[best].variation, endingFrom: ending, of: variation, range: job.range, onEvent: onEvent)
            }
            return streams[best].variation
        }
        var context = heard.context
        // The given notes belong to the take: the kept melody, the music after the range (heard
        // as controls, or only kept where the model cannot hear it).
        let given = heard.controls.notes + heard.given.forcedEvents.filter { !heard.controls.notes.contains($0) }
            + heard.unheardAfter
        context.notes = (context.notes + heard.opening + given).sorted(by: Score.noteOrder)
        context.length = max(context.notes.map(\.end).max() ?? 0, job.range.lowerBound)
        return GenerationResult(
            context: context, range: job.range, variations: variations, notices: heard.notices)
    }

    /// How many endings each variation samples from the beat before a closing cadence. With 16
    /// the validation chorales closed V–I 0.84 of the time (Bach 0.83; 8 gave about 0.63), for
    /// about 20 ms more on a 16-bar harmonisation in 3 variations.
    static let endingCandidates = 16

    /// The chosen ending's notes, entropy, warnings and progress, which were held back while
    /// its candidates were sampled.
    private static func announce(
        _ sampled: SampledVariation, endingFrom ending: EndingCandidate, of variation: Int, range: Range<Int>,
        onEvent: (GenerationEvent) -> Void
    ) {
        for note in sampled.notes[ending.notesBefore...] { onEvent(.note(variation: variation, note)) }
        for step in ending.clock..<range.upperBound {
            onEvent(.entropy(variation: variation, step: step, nats: sampled.stepEntropy[step - range.lowerBound]))
        }
        for warning in sampled.warnings[ending.warningsBefore...] { onEvent(.warning(variation: variation, warning)) }
        onEvent(.progress(variation: variation, step: range.count, total: range.count))
    }

    /// Each variation draws from its own generator, so variation i of a batch is the same music
    /// as a single run with this seed would give for it. Variation 0 uses the seed itself; the
    /// others an unrelated substream of it (see `SplitMix64(seed:stream:)`).
    public static func streamSeed(_ seed: UInt64, variation: Int) -> UInt64 {
        variation == 0 ? seed : SplitMix64(seed: seed, stream: UInt64(variation)).state
    }
}

/// What the model hears before it samples and what it is given: the job's notes before the
/// range, fitted to the model's encoding; the opening of the range's first step (the pick and
/// the notes it follows); and the kept notes, the music after the range and the end, as
/// controls for a model trained with them, or as notes to play for one without.
private struct ContextPreparation {
    var context: Score
    var opening: [Note] = []
    var controls = Controls()
    var given = GivenMusic()
    var notices: [String] = []
    /// The music after the range that a model without controls cannot hear; the take keeps it.
    var unheardAfter: [Note] = []
    /// The job's parts that the model hears, and the model part it hears each as.
    var heardAs: [Int: Int] = [:]

    init(model: NeuraModel, job: GenerationJob) throws(GenerationError) {
        let encoding = model.encoding
        let generation = job.controls
        guard job.score.stepsPerQuarter == encoding.stepsPerQuarter else {
            throw .gridMismatch(seed: job.score.stepsPerQuarter, model: encoding.stepsPerQuarter)
        }
        let (start, end) = (job.range.lowerBound, job.range.upperBound)
        var all = job.score
        all.drums = []
        let kept = { (note: Note) in job.keptParts.contains(note.part) && job.range.contains(note.start) }
        let heardBefore = all.notes.filter { $0.start < start }
        let openingCandidates = job.pick.map { pick in all.notes.filter { $0.start == start && !kept($0) } + [pick] } ?? []
        let outside = (heardBefore + openingCandidates).map(\.pitch).filter { !encoding.pitchRange.contains($0) }
        guard outside.isEmpty else { throw .seedOutOfRange(pitches: outside, range: encoding.pitchRange) }

        // Everything the model may hear, fitted at once so that every note gets the same part.
        all.notes = heardBefore + openingCandidates + all.notes.filter { kept($0) || $0.start >= end }
        let fitted: (score: Score, report: ImportReport)
        do {
            fitted = try all.fitted(to: encoding, source: "seed")
        } catch {
            throw .unencodableSeed("\(error)")
        }
        let assignment = PartAssignment(score: all, config: encoding)
        let keptRoles = Set(job.keptParts.compactMap { assignment.role[$0] })
        if !keptRoles.isEmpty, keptRoles.count >= max(1, encoding.parts.count) {
            throw .invalidControl(
                encoding.parts.isEmpty
                    ? "this model writes one voice, so it cannot write parts around a kept one; use a model with parts "
                        + "(`neurascore models` lists each model's parts)"
                    : "every part of the model is kept: there is no part left to write")
        }
        heardAs = assignment.role
        notices += fitted.report.entries.filter { $0.kind == .partsMerged }.map { entry in
            encoding.parts.isEmpty ? "this model writes one voice: the parts were merged into one" : "parts merged: \(entry.detail)"
        }
        context = fitted.score
        context.notes = fitted.score.notes.filter { $0.start < start }
        if let pick = job.pick {
            let atStart = fitted.score.notes.filter { $0.start == start && !keptRoles.contains($0.part) }
            if let fittedPick = atStart.first(where: { $0.pitch == pick.pitch && $0.part == (assignment.role[pick.part] ?? 0) }) {
                opening = atStart.filter { encoding.eventOrder($0, fittedPick) } + [fittedPick]
            }
        }
        let keptNotes = fitted.score.notes.filter { keptRoles.contains($0.part) && job.range.contains($0.start) }
        let following = fitted.score.notes.filter { $0.start >= end }

        given.cadence = ClosingCadence.plan(job: job, encoding: encoding, keptNotes: keptNotes, following: following)
        if encoding.hasControls {
            controls.notes = keptNotes + following
            if job.ending == .atRangeEnd {
                controls.notes = controls.notes.map { note in
                    var clipped = note
                    clipped.length = min(note.length, end - note.start)
                    return clipped
                }
                controls.end = end
            }
            given.controls = controls.notes.sorted(by: encoding.eventOrder).map { ($0.start, $0) }
            if let end = controls.end { given.controls.append((end, nil)) }
            // Echoed controls are announced ahead and played at their time as well.
            if encoding.echoControls { given.forcedEvents = keptNotes.sorted(by: encoding.eventOrder) }
        } else {
            given.forcedEvents = keptNotes.sorted(by: encoding.eventOrder)
            unheardAfter = following
            if !following.isEmpty {
                notices.append("this model was trained without controls, so it cannot hear the music after the range")
            }
            // Under a kept melody the melody's end is the end, and a closing cadence is a close:
            // only a free ending is a cut.
            if job.ending == .atRangeEnd, keptNotes.isEmpty, given.cadence == nil {
                notices.append("this model was trained without controls, so the music is cut where it should end")
            }
        }
        given.keptParts = keptRoles
        given.mayEnd = job.ending == .byTheModel

        if let style = generation.style {
            guard encoding.styles.contains(style) else { throw .unknownStyle(style, known: encoding.styles) }
            context.style = style
        } else if context.style.map({ !encoding.styles.contains($0) }) ?? false {
            context.style = nil
        }
        if context.style == nil, let first = encoding.styles.first { context.style = first }
        let playable = encoding.pitchRange.filter { pitch in
            (generation.pitchRange?.contains(pitch) ?? true) && (generation.scale?.contains(pitch: pitch) ?? true)
        }
        guard !playable.isEmpty else {
            throw .invalidControl("no pitch of the model's range fits both the pitch range and the scale")
        }
    }
}
