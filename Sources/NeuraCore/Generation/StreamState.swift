import NeuraLSTM
import NeuraMetrics
import NeuraMusic

/// What a stream is given besides the model's own choices, fixed for the whole job.
struct GivenMusic {
    /// Controls the context has not yet carried, in stream order: time, part and pitch, the end last.
    var controls: [(time: Int, note: Note?)] = []
    /// Kept notes that a model without controls must play as its own events, in stream order.
    var forcedEvents: [Note] = []
    /// Encoding parts the model may not write inside the range (they are given).
    var keptParts: Set<Int> = []
    /// The model may end the piece with EOS.
    var mayEnd = false
    /// How the piece closes, where the tonic cadence is asked for and fits.
    var cadence: ClosingCadence?
}

/// One variation being sampled: the grammar state, its own random generator, what it has
/// produced so far, and the given music it still has to hear.
struct StreamState {
    private(set) var decoder: TokenDecoder
    private var rng: SplitMix64
    let start: Int
    let end: Int
    private let stepsPerBar: Int
    private(set) var variation = SampledVariation()
    private var temperature: Float
    private var stoppedEarly = false
    /// What the model thought of the pitch token waiting for its length.
    private var pendingAlternatives: [NoteAlternative] = []
    private var lastCheckedBar: Int?
    private var given: GivenMusic
    private var nextControl = 0
    private var nextForcedEvent = 0
    /// Tokens to feed before sampling again: controls falling due, the rest of a kept note.
    private var forced: [Int] = []
    /// The note being written is a kept one, not the model's.
    private var writingKeptNote = false
    /// The parts whose role sings one note at a time: the voices `--parallels avoid` holds.
    private let singleNoteVoices: Set<Int>
    /// Set once the stream is one of several candidate endings: what it had written then.
    private(set) var ending: EndingCandidate?

    init(
        encoding: EncodingConfig, stepsPerBar: Int, range: Range<Int>, temperature: Float, rng: SplitMix64,
        given: GivenMusic = GivenMusic()
    ) {
        decoder = TokenDecoder(config: encoding)
        singleNoteVoices = Set(encoding.parts.indices.filter { encoding.parts[$0].polyphony == 1 })
        self.rng = rng
        start = range.lowerBound
        end = range.upperBound
        self.stepsPerBar = max(1, stepsPerBar)
        self.temperature = temperature
        self.given = given
        variation.stepEntropy = Array(repeating: 0, count: end - start)
        variation.finalTemperature = temperature
    }

    var isDone: Bool { stoppedEarly || ending?.isSetAside == true || decoder.isFinished || decoder.clock >= end }

    /// Reached the approach to its close, where its ending is sampled as several candidates.
    var reachesEnding: Bool {
        guard ending == nil, !isDone, let close = given.cadence else { return false }
        return decoder.clock >= close.approach
    }

    /// A candidate whose sibling won stops where it is.
    mutating func setAside() {
        ending?.isSetAside = true
    }

    /// From here on the stream is a candidate ending drawing from `rng` (nil: its own); at the
    /// close it notes whether it came from the dominant and how likely the model finds the close.
    mutating func becomeEndingCandidate(rng: SplitMix64?) {
        if let rng { self.rng = rng }
        ending = EndingCandidate(
            notesBefore: variation.notes.count, warningsBefore: variation.warnings.count, clock: max(start, decoder.clock))
    }

    mutating func feedContext(_ token: Int) {
        // The context comes from `encodeContext`, so the decoder accepts it; a failure would be a bug there.
        _ = try? decoder.feed(token)
    }

    /// Skips the controls the context already carried.
    mutating func contextFed() {
        let heard = decoder.controls.count + (decoder.endAt == nil ? 0 : 1)
        nextControl = min(heard, given.controls.count)
    }

    /// The next token: a given one when one is due, else the model's choice. Returns it.
    mutating func next(
        logits: [Float], controls: GenerationControls, tokens: [Token], variation index: Int,
        onEvent: (GenerationEvent) -> Void
    ) throws(GenerationError) -> Int {
        let token: Int
        if !forced.isEmpty {
            token = forced.removeFirst()
            try accept(token, distribution: nil, variation: index, onEvent: onEvent, controls: controls)
        } else {
            token = try sample(logits: logits, controls: controls, tokens: tokens, variation: index, onEvent: onEvent)
        }
        if ending != nil, !stoppedEarly, let close = given.cadence, decoder.clock >= close.start {
            if ending!.fromDominant == nil {
                let approach = FinalChord(pitches: notesSounding(at: close.start - 1).map(\.pitch))
                ending!.fromDominant = approach?.rootPitchClass == (close.key.tonic + 7) % 12
            }
            ending!.logLikelihood += Double(Sampling.logProbability(of: token, logits: logits))
        }
        return token
    }

    /// Masks, samples and accepts one token; returns it.
    private mutating func sample(
        logits: [Float], controls: GenerationControls, tokens: [Token], variation index: Int,
        onEvent: (GenerationEvent) -> Void
    ) throws(GenerationError) -> Int {
        // The user's limits and the parallels rule give way first, then the close; the grammar
        // and the given music never do.
        var mask = constraintMask(tokens: tokens, controls: controls, strict: true, closing: given.cadence)
        if !mask.contains(where: { $0 == 0 }) {
            mask = constraintMask(tokens: tokens, controls: controls, strict: false, closing: given.cadence)
        }
        if !mask.contains(where: { $0 == 0 }), given.cadence != nil {
            mask = constraintMask(tokens: tokens, controls: controls, strict: false, closing: nil)
        }
        guard mask.contains(where: { $0 == 0 }) else {
            stoppedEarly = true
            let warning = "stopped at step \(decoder.clock - start) of \(end - start): the constraints left no note to play"
            variation.warnings.append(warning)
            onEvent(.warning(variation: index, warning))
            return EncodingConfig.eos
        }
        // The kept note due now is the only choice left: it is given, not sampled.
        if let kept = dueKeptEvent, mask.indices.filter({ mask[$0] == 0 }) == [keptPitchToken(kept)] {
            let token = keptPitchToken(kept)
            try accept(token, distribution: nil, variation: index, onEvent: onEvent, controls: controls)
            return token
        }
        var bias = mask
        if controls.repetitionPenalty > 1 { applyRepetitionPenalty(controls.repetitionPenalty, logits: logits, tokens: tokens, bias: &bias) }
        let settings = SamplingSettings(temperature: temperature, topK: controls.topK, topP: controls.topP)
        let token: Int
        let belief: [Float]
        do {
            token = try Sampling.sample(logits: logits, settings: settings, bias: bias, rng: &rng)
            belief = try Sampling.distribution(logits: logits, settings: SamplingSettings(temperature: 1), bias: mask)
        } catch {
            throw .engine(error.description)
        }
        try accept(token, distribution: belief, variation: index, onEvent: onEvent, controls: controls)
        return token
    }

    private mutating func accept(
        _ token: Int, distribution: [Float]?, variation index: Int, onEvent: (GenerationEvent) -> Void,
        controls: GenerationControls
    ) throws(GenerationError) {
        let clockBefore = decoder.clock
        let isControl = decoder.isWritingControl
        let note: Note?
        do {
            note = try decoder.feed(token)
        } catch {
            throw .invalidControl("token \(token) cannot come here: \(error)")
        }
        variation.tokens.append(token)
        let offset = clockBefore - start
        if let distribution, variation.stepEntropy.indices.contains(offset) {
            variation.stepEntropy[offset] += Sampling.entropy(distribution)
        }
        let parsed = decoder.config.token(for: token)
        if case .pitch(let pitch, let part) = parsed, !isControl {
            pendingAlternatives = distribution.map { pitchAlternatives($0, sampled: token) } ?? []
            if let kept = dueKeptEvent, kept.pitch == pitch, kept.part == part {
                // The model came to the kept note: the rest of it is given.
                writingKeptNote = true
                nextForcedEvent += 1
                forced += Array(decoder.config.noteTokens(kept).dropFirst())
            }
        }
        if let note {
            if writingKeptNote {
                writingKeptNote = false
            } else {
                let generated = SampledNote(note: note, alternatives: pendingAlternatives)
                variation.notes.append(generated)
                onEvent(.note(variation: index, generated))
            }
            pendingAlternatives = []
        }
        if decoder.clock > clockBefore {
            queueDueControls()
            // A rest before the range (after the context's last note) decides no step of it.
            let decided = max(clockBefore, start)
            for step in decided..<max(decided, min(decoder.clock, end)) {
                onEvent(.entropy(variation: index, step: step, nats: variation.stepEntropy[step - start]))
            }
            onEvent(.progress(variation: index, step: max(0, min(decoder.clock, end) - start), total: end - start))
            guardAgainstLoops(controls: controls, variation: index, onEvent: onEvent)
        }
    }

    /// After a shift: the controls now within the anticipation of the clock go in next.
    private mutating func queueDueControls() {
        let config = decoder.config
        guard config.hasControls else { return }
        while nextControl < given.controls.count, given.controls[nextControl].time <= decoder.clock + config.anticipation {
            let (time, note) = given.controls[nextControl]
            forced.append(config.id(for: .ahead(time - decoder.clock))!)
            if let note { forced += config.noteTokens(note) } else { forced.append(config.id(for: .end)!) }
            nextControl += 1
        }
    }

    /// The kept note the model must play next, if it starts now.
    private var dueKeptEvent: Note? {
        guard nextForcedEvent < given.forcedEvents.count else { return nil }
        let kept = given.forcedEvents[nextForcedEvent]
        return kept.start == decoder.clock ? kept : nil
    }

    private func keptPitchToken(_ note: Note) -> Int {
        decoder.config.id(for: .pitch(note.pitch, part: note.part))!
    }

    /// The most likely pitches at a pitch decision, the sampled one always among them.
    private func pitchAlternatives(_ distribution: [Float], sampled: Int) -> [NoteAlternative] {
        let ranked = Sampling.topAlternatives(distribution, count: distribution.count).filter {
            if case .pitch = decoder.config.token(for: $0.token) { return $0.probability > 0 }
            return false
        }
        var chosen = Array(ranked.prefix(Self.alternativeCount))
        if !chosen.contains(where: { $0.token == sampled }), let entry = ranked.first(where: { $0.token == sampled }) {
            chosen[chosen.count - 1] = entry
        }
        return chosen.compactMap { candidate in
            guard case .pitch(let pitch, let part) = decoder.config.token(for: candidate.token) else { return nil }
            return NoteAlternative(pitch: pitch, part: part, probability: Double(candidate.probability))
        }
    }

    static let alternativeCount = 8

    /// 0 where a token may be drawn, −∞ where the grammar, the given music or the user's
    /// constraints forbid it.
    private func constraintMask(
        tokens: [Token], controls: GenerationControls, strict: Bool, closing: ClosingCadence?
    ) -> [Float] {
        let allowed = decoder.allowedTokens()
        let clock = decoder.clock
        let remaining = end - clock
        let polyphonyFull = strict && controls.maxPolyphony.map { soundingNotes(at: clock) >= $0 } ?? false
        let keptNow = dueKeptEvent
        // A kept note still to come: the clock may not pass it, and the piece may not end before it.
        let nextKeptStart = nextForcedEvent < given.forcedEvents.count ? given.forcedEvents[nextForcedEvent].start : nil
        // Per part, not per pitch token: each check scans the notes still sounding.
        let roomNow = (0..<decoder.config.partCount).map { hasRoom($0, at: clock) }
        let writable = writableParts
        // Built at the first pitch token the grammar allows, so never after a pitch or a shift.
        let guardsParallels = strict && controls.parallelsRule == .avoid && singleNoteVoices.count >= 2
        var voiceLeading: VoiceLeadingGuard?
        // The close's rules, worked out once per decision: the token loop sees only plain values.
        let closeStart = closing?.start
        let atClose = closeStart == clock
        let closePitches = atClose ? closing.map { closePitchMask($0, tokens: tokens) } : nil
        let closeOwed = closePitches?.owed ?? false
        let pending = decoder.pendingEvent
        let mayHold = closing.flatMap { close in pending.map { close.mayHold($0.pitch, part: $0.part) } } ?? true
        return tokens.indices.map { id -> Float in
            guard allowed[id] else { return -.infinity }
            switch tokens[id] {
            case .bos, .style, .ahead, .end:
                // Controls are given, never sampled; they are fed in where they fall due.
                return -.infinity
            case .eos:
                return given.mayEnd && nextKeptStart == nil ? 0 : -.infinity
            case .pitch(let pitch, let part):
                if remaining <= 0 || clock < start { return -.infinity }
                if let keptNow {
                    // The kept note is played in its place in the step's order; nothing after it comes first.
                    if (part, pitch) == (keptNow.part, keptNow.pitch) { return 0 }
                    if (part, pitch) > (keptNow.part, keptNow.pitch) { return -.infinity }
                }
                let room = roomNow.indices.contains(part) ? roomNow[part] : hasRoom(part, at: clock)
                if given.keptParts.contains(part) || polyphonyFull || !room { return -.infinity }
                if let range = controls.pitchRange, !range.contains(pitch) { return -.infinity }
                if let scale = controls.scale, !scale.contains(pitch: pitch) { return -.infinity }
                if let closeStart, clock > closeStart { return -.infinity }
                if let closePitches, !closePitches.allowed[id] { return -.infinity }
                if guardsParallels {
                    if voiceLeading == nil {
                        let givenNow = given.forcedEvents[nextForcedEvent...].prefix { $0.start == clock }
                        voiceLeading = VoiceLeadingGuard(decoder: decoder, voices: singleNoteVoices, at: clock, given: Array(givenNow))
                    }
                    if voiceLeading!.movesInParallel(pitch, part: part) { return -.infinity }
                }
                return 0
            case .length(let steps):
                guard steps <= remaining else { return -.infinity }
                // A note sounding into the close belongs to its chord and holds to the end.
                if let closeStart, clock + steps > closeStart, pending != nil {
                    if clock + steps != end { return -.infinity }
                    if clock < closeStart, !mayHold { return -.infinity }
                }
                return 0
            case .shift(let steps):
                guard steps <= remaining else { return -.infinity }
                if let nextKeptStart, clock + steps > nextKeptStart { return -.infinity }
                if let closeStart {
                    // The clock stops at the close, which every voice sings, and nothing starts after it.
                    if clock < closeStart, clock + steps > closeStart { return -.infinity }
                    if closeOwed { return -.infinity }
                }
                // A short shift must be followed by a note, so it may only land where one fits:
                // inside the range, and not where the polyphony is full.
                let closesRun = steps < decoder.config.maxShift && steps < remaining
                if let closeStart, closesRun, clock + steps > closeStart { return -.infinity }
                if closesRun, clock + steps < start { return -.infinity }
                // Nor where every part the model may write is already singing all it can.
                if closesRun, nextKeptStart != clock + steps, !writable.contains(where: { hasRoom($0, at: clock + steps) }) {
                    return -.infinity
                }
                if strict, closesRun, nextKeptStart != clock + steps, let limit = controls.maxPolyphony,
                   soundingNotes(at: clock + steps) >= limit {
                    return -.infinity
                }
                return 0
            case .velocity:
                return 0
            }
        }
    }

    /// At the close: which pitch tokens may come (true for every other token), and whether a
    /// part still owes the closing chord a note (then the clock may not move on). The parts that
    /// the model writes and that have no note sounding yet sing it in the step's order; the last
    /// of them above the bass brings the third if no part has; the bass goes under the others.
    private func closePitchMask(_ close: ClosingCadence, tokens: [Token]) -> (allowed: [Bool], owed: Bool) {
        let clock = decoder.clock
        let sounding = notesSounding(at: clock)
        let soundingParts = Set(sounding.map(\.part))
        let writtenHere = decoder.notes.reversed().prefix { $0.start == clock }.map(\.part).max() ?? 0
        let stillToClose = writableParts.filter { $0 >= writtenHere && !soundingParts.contains($0) }
        let lowestOther = sounding.filter { $0.part != close.bassPart }.map(\.pitch).min()
        let hasThird = sounding.contains { close.thirds.contains($0.pitch % 12) }
        let owesTheThird = hasThird ? nil : stillToClose.filter { $0 != close.bassPart }.max()
        let allowed = tokens.map { token -> Bool in
            guard case .pitch(let pitch, let part) = token else { return true }
            if let next = stillToClose.first, part != next { return false }
            if part == owesTheThird, !close.thirds.contains(pitch % 12) { return false }
            return close.allows(pitch, part: part, lowestInPart: !soundingParts.contains(part), othersFrom: lowestOther)
        }
        return (allowed, !stillToClose.isEmpty)
    }

    private func notesSounding(at step: Int) -> [Note] {
        var sounding: [Note] = []
        for note in decoder.notes.reversed() {
            if note.start + decoder.config.maxLength <= step { break }
            if note.start <= step && step < note.end { sounding.append(note) }
        }
        return sounding
    }

    private func soundingNotes(at step: Int, inPart part: Int? = nil) -> Int {
        var count = 0
        for note in decoder.notes.reversed() {
            if note.start + decoder.config.maxLength <= step { break }
            if note.start <= step && step < note.end && (part == nil || note.part == part) { count += 1 }
        }
        return count
    }

    /// Whether `part` may start a note at `step` under its role's polyphony (a voice sings one note at a time).
    private func hasRoom(_ part: Int, at step: Int) -> Bool {
        let roles = decoder.config.parts
        guard roles.indices.contains(part), let limit = roles[part].polyphony else { return true }
        return soundingNotes(at: step, inPart: part) < limit
    }

    /// The parts the model may write notes in.
    private var writableParts: [Int] {
        (0..<decoder.config.partCount).filter { !given.keptParts.contains($0) }
    }

    /// CTRL-style: positive logits are divided by the penalty, negative ones multiplied, for the
    /// pitches played in the last two bars.
    private func applyRepetitionPenalty(_ penalty: Float, logits: [Float], tokens: [Token], bias: inout [Float]) {
        let horizon = decoder.clock - 2 * stepsPerBar
        var recent = Set<Int>()
        for note in decoder.notes.reversed() {
            if note.start < horizon { break }
            recent.insert(note.pitch)
        }
        for id in tokens.indices where bias[id] == 0 {
            guard case .pitch(let pitch, _) = tokens[id], recent.contains(pitch) else { continue }
            let logit = logits[id]
            bias[id] = (logit > 0 ? logit / penalty : logit * penalty) - logit
        }
    }

    /// At each bar line: three identical bars in a row, or two bars of one repeated pitch, count
    /// as a loop — the failure users of LSTM composers complain about most.
    private mutating func guardAgainstLoops(
        controls: GenerationControls, variation index: Int, onEvent: (GenerationEvent) -> Void
    ) {
        guard controls.loopGuard != .off else { return }
        let completedBar = decoder.clock / stepsPerBar - 1
        guard completedBar >= 0, completedBar != lastCheckedBar, (completedBar + 1) * stepsPerBar > start else { return }
        lastCheckedBar = completedBar
        let bars = (0..<3).map { barContent(completedBar - $0) }
        let repeatedBar = completedBar >= 2 && !bars[0].isEmpty && bars[0] == bars[1] && bars[1] == bars[2]
        let onePitch = bars.prefix(2).allSatisfy { bar in bar.count >= 3 && Set(bar.map(\.pitch)).count == 1 }
            && bars[0].first?.pitch == bars[1].first?.pitch
        guard repeatedBar || onePitch else { return }
        let barNumber = completedBar + 1
        var warning = repeatedBar
            ? "bars \(barNumber - 2)–\(barNumber) repeat the same bar"
            : "bars \(barNumber - 1)–\(barNumber) repeat one note"
        if controls.loopGuard == .raiseTemperature {
            temperature = min(temperature + 0.25, 2.5)
            variation.finalTemperature = temperature
            warning += String(format: "; temperature raised to %.2f", temperature)
        } else {
            warning += "; try a higher temperature, --repetition-penalty or --loop-guard raise"
        }
        variation.warnings.append(warning)
        onEvent(.warning(variation: index, warning))
    }

    private func barContent(_ bar: Int) -> [BarNote] {
        guard bar >= 0 else { return [] }
        let barStart = bar * stepsPerBar
        return decoder.notes
            .filter { $0.start >= barStart && $0.start < barStart + stepsPerBar }
            .map { BarNote(pitch: $0.pitch, offset: $0.start - barStart, length: $0.length) }
    }

    private struct BarNote: Hashable {
        var pitch: Int
        var offset: Int
        var length: Int
    }
}
