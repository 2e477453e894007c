/// Score ⇄ tokens (DESIGN §3). `encode` is exact or throws; `fitted(to:)` makes any score encodable.
extension EncodingConfig {
    /// `BOS [STYLE] (shifts, then each note of the step in rising pitch as P [V] L)… shifts EOS`.
    public func encode(_ score: Score) throws -> [Int] {
        try encodePrefix(score) + [Self.eos]
    }

    /// The piece without its EOS: the clock ends at the score's length, so a `TokenDecoder`
    /// fed these tokens is ready to continue the score (the composer primes the model so).
    public func encodePrefix(_ score: Score) throws -> [Int] {
        try validate()
        try checkEncodable(score)
        var tokens = [Self.bos]
        if let style = score.style, let styleID = id(for: .style(style)) { tokens.append(styleID) }
        var clock = 0
        let ordered = score.notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
        for note in ordered {
            appendShifts(from: clock, to: note.start, into: &tokens)
            clock = note.start
            tokens.append(id(for: .pitch(note.pitch))!)
            if velocityBins > 0 { tokens.append(id(for: .velocity(velocityBin(for: note.velocity)))!) }
            tokens.append(id(for: .length(note.length))!)
        }
        let end = max(score.length, clock, ordered.map(\.end).max() ?? 0)
        appendShifts(from: clock, to: end, into: &tokens)
        return tokens
    }

    /// A complete piece, BOS to EOS. Tempo, meter and key come from `template` (tokens carry none).
    public func decode(_ tokens: [Int], template: Score = Score()) throws -> Score {
        try validate()
        var decoder = TokenDecoder(config: self)
        for token in tokens { try decoder.feed(token) }
        return try decoder.finish(template: template)
    }

    private func appendShifts(from start: Int, to end: Int, into tokens: inout [Int]) {
        var remaining = end - start
        while remaining > 0 {
            let step = min(remaining, maxShift)
            tokens.append(id(for: .shift(step))!)
            remaining -= step
        }
    }

    private func checkEncodable(_ score: Score) throws {
        guard score.stepsPerQuarter == stepsPerQuarter else {
            throw EncodingError.gridMismatch(score: score.stepsPerQuarter, encoding: stepsPerQuarter)
        }
        guard score.drums.isEmpty else { throw EncodingError.drumsNotEncodable(count: score.drums.count) }
        var seen = Set<Int>()
        for note in score.notes {
            guard note.part == 0 else { throw EncodingError.partNotEncodable(note) }
            guard pitchRange.contains(note.pitch) else { throw EncodingError.pitchOutOfRange(note, range: pitchRange) }
            guard (1...maxLength).contains(note.length) else { throw EncodingError.lengthOutOfRange(note, maxLength: maxLength) }
            guard note.start >= 0 else { throw EncodingError.negativeStart(note) }
            guard encodesExactly(velocity: note.velocity) else { throw EncodingError.velocityNotEncodable(note) }
            guard seen.insert(note.start << 7 | note.pitch).inserted else { throw EncodingError.duplicateNote(note) }
        }
    }

    /// Every pitch token moved by `semitones`; the same as encoding the transposed score.
    public func transposeTokens(_ tokens: [Int], by semitones: Int) throws -> [Int] {
        guard semitones != 0 else { return tokens }
        return try tokens.map { id in
            guard case .pitch(let pitch)? = token(for: id) else { return id }
            guard let moved = self.id(for: .pitch(pitch + semitones)) else {
                throw EncodingError.transpositionOutOfRange(pitch: pitch, semitones: semitones, range: pitchRange)
            }
            return moved
        }
    }

    /// The shifts among `candidates` that keep every note of `score` inside the pitch range.
    public func transpositions(keeping score: Score, within candidates: ClosedRange<Int>) -> [Int] {
        guard let range = score.pitchRange else { return candidates.contains(0) ? [0] : [] }
        return candidates.filter { pitchRange.contains(range.lowerBound + $0) && pitchRange.contains(range.upperBound + $0) }
    }
}

extension Score {
    /// This score changed until `config` can encode it, with a report of each change: drums
    /// and out-of-range pitches dropped, parts merged, lengths clamped, velocities binned,
    /// notes sharing a pitch and start merged (the longest kept), unknown styles dropped.
    public func fitted(to config: EncodingConfig, source: String) throws -> (score: Score, report: ImportReport) {
        try config.validate()
        guard stepsPerQuarter == config.stepsPerQuarter else {
            throw EncodingError.gridMismatch(score: stepsPerQuarter, encoding: config.stepsPerQuarter)
        }
        var report = ImportReport()
        report.add(.drumsDropped, source: source, count: drums.count, detail: "the pitched encoding has no drums")
        let parts = Set(notes.map(\.part))
        if parts.count > 1 || parts.first.map({ $0 != 0 }) == true {
            report.add(.partsMerged, source: source, count: parts.count,
                       detail: "\(parts.count) part(s) merged into one voice")
        }
        let inRange = notes.filter { config.pitchRange.contains($0.pitch) }
        if inRange.count < notes.count {
            let outside = notes.filter { !config.pitchRange.contains($0.pitch) }.map(\.pitch)
            report.add(.pitchOutOfRange, source: source, count: outside.count,
                       detail: "pitches \(outside.min()!)…\(outside.max()!) outside \(config.lowestPitch)…\(config.highestPitch)")
        }
        var shortened = 0
        var revoiced = 0
        let voiced = inRange.map { note -> Note in
            var fitted = note
            fitted.part = 0
            if fitted.length > config.maxLength { fitted.length = config.maxLength; shortened += 1 }
            let velocity = config.encodedVelocity(note.velocity)
            if velocity != note.velocity { fitted.velocity = velocity; revoiced += 1 }
            return fitted
        }
        report.add(.notesShortened, source: source, count: shortened, detail: "to \(config.maxLength) steps")
        report.add(.velocitiesChanged, source: source, count: revoiced,
                   detail: config.velocityBins == 0 ? "set to \(EncodingConfig.defaultVelocity)" : "to \(config.velocityBins) bins")

        var longestAt: [Int: Note] = [:]
        for note in voiced {
            let key = note.start << 7 | note.pitch
            if let kept = longestAt[key], kept.length >= note.length { continue }
            longestAt[key] = note
        }
        report.add(.duplicatesMerged, source: source, count: voiced.count - longestAt.count,
                   detail: "same pitch and start in different parts")

        var fittedStyle = style
        if let style, !config.styles.contains(style) {
            report.add(.styleDropped, source: source, detail: "\"\(style)\" is not among \(config.styles)")
            fittedStyle = nil
        }
        let score = Score(
            stepsPerQuarter: stepsPerQuarter, tempo: tempo, timeSignature: timeSignature, keySignature: keySignature,
            notes: Array(longestAt.values), length: length, style: fittedStyle)
        return (score, report)
    }
}
