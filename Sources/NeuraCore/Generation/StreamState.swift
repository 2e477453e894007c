import NeuraLSTM
import NeuraMusic

/// One variation being sampled: the grammar state, its own random generator, and what it has
/// produced so far.
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

    init(encoding: EncodingConfig, stepsPerBar: Int, range: Range<Int>, temperature: Float, rng: SplitMix64) {
        decoder = TokenDecoder(config: encoding)
        self.rng = rng
        start = range.lowerBound
        end = range.upperBound
        self.stepsPerBar = max(1, stepsPerBar)
        self.temperature = temperature
        variation.stepEntropy = Array(repeating: 0, count: end - start)
        variation.finalTemperature = temperature
    }

    var isDone: Bool { stoppedEarly || decoder.clock >= end }

    mutating func feedContext(_ token: Int) {
        // The context comes from `encodeContext`, so the decoder accepts it; a failure would be a bug there.
        _ = try? decoder.feed(token)
    }

    /// Masks, samples and accepts one token; returns it.
    mutating func sample(
        logits: [Float], controls: GenerationControls, tokens: [Token], variation index: Int,
        onEvent: (GenerationEvent) -> Void
    ) throws(GenerationError) -> Int {
        var mask = constraintMask(tokens: tokens, controls: controls, strict: true)
        if !mask.contains(where: { $0 == 0 }) {
            mask = constraintMask(tokens: tokens, controls: controls, strict: false)
        }
        guard mask.contains(where: { $0 == 0 }) else {
            stoppedEarly = true
            let warning = "stopped at step \(decoder.clock - start) of \(end - start): the constraints left no note to play"
            variation.warnings.append(warning)
            onEvent(.warning(variation: index, warning))
            return EncodingConfig.eos
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
        _ token: Int, distribution: [Float], variation index: Int, onEvent: (GenerationEvent) -> Void,
        controls: GenerationControls
    ) throws(GenerationError) {
        let clockBefore = decoder.clock
        let note: Note?
        do {
            note = try decoder.feed(token)
        } catch {
            throw .invalidControl("token \(token) cannot come here: \(error)")
        }
        variation.tokens.append(token)
        let offset = clockBefore - start
        if variation.stepEntropy.indices.contains(offset) {
            variation.stepEntropy[offset] += Sampling.entropy(distribution)
        }
        if case .pitch = decoder.config.token(for: token) {
            pendingAlternatives = pitchAlternatives(distribution, sampled: token)
        }
        if let note {
            let generated = SampledNote(note: note, alternatives: pendingAlternatives)
            pendingAlternatives = []
            variation.notes.append(generated)
            onEvent(.note(variation: index, generated))
        }
        if decoder.clock > clockBefore {
            for step in max(clockBefore, start)..<min(decoder.clock, end) {
                onEvent(.entropy(variation: index, step: step, nats: variation.stepEntropy[step - start]))
            }
            onEvent(.progress(variation: index, step: max(0, min(decoder.clock, end) - start), total: end - start))
            guardAgainstLoops(controls: controls, variation: index, onEvent: onEvent)
        }
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

    /// 0 where a token may be drawn, −∞ where the grammar or the user's constraints forbid it.
    private func constraintMask(tokens: [Token], controls: GenerationControls, strict: Bool) -> [Float] {
        let allowed = decoder.allowedTokens()
        let clock = decoder.clock
        let remaining = end - clock
        let polyphonyFull = strict && controls.maxPolyphony.map { soundingNotes(at: clock) >= $0 } ?? false
        return tokens.indices.map { id -> Float in
            guard allowed[id] else { return -.infinity }
            switch tokens[id] {
            case .bos, .eos, .style, .ahead, .end:
                // Controls are given, never sampled; they are fed in where they fall due.
                return -.infinity
            case .pitch(let pitch, _):
                if remaining <= 0 || polyphonyFull || clock < start { return -.infinity }
                if let range = controls.pitchRange, !range.contains(pitch) { return -.infinity }
                if let scale = controls.scale, !scale.contains(pitch: pitch) { return -.infinity }
                return 0
            case .length(let steps):
                return steps <= remaining ? 0 : -.infinity
            case .shift(let steps):
                guard steps <= remaining else { return -.infinity }
                // A short shift must be followed by a note, so it may only land where one fits:
                // inside the range, and not where the polyphony is full.
                let closesRun = steps < decoder.config.maxShift && steps < remaining
                if closesRun, clock + steps < start { return -.infinity }
                if strict, closesRun, let limit = controls.maxPolyphony, soundingNotes(at: clock + steps) >= limit {
                    return -.infinity
                }
                return 0
            case .velocity:
                return 0
            }
        }
    }

    private func soundingNotes(at step: Int) -> Int {
        var count = 0
        for note in decoder.notes.reversed() {
            if note.start + decoder.config.maxLength <= step { break }
            if note.start <= step && step < note.end { count += 1 }
        }
        return count
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
