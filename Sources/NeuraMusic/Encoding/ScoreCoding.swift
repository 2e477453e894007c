/// Score ⇄ tokens. `encode` is exact or throws; `fitted(to:)` makes any score encodable.
///
/// A piece is `BOS [STYLE] events… EOS`. Events are ordered by time, and within a step by part
/// (the order of the encoding's roles, so a chorale's soprano comes first) and then by rising
/// pitch. A note is `P [V] L`; a run of shifts `T…` advances the clock, largest first. With
/// `anticipation` > 0, controls (notes and an end given ahead of time) are written as
/// `A<k> P [V] L` and `A<k> END` right after the first shift that brings the clock within
/// `anticipation` steps of them, k being how far ahead of the clock they are.
extension EncodingConfig {
    /// The whole piece, BOS to EOS, with `controls` given ahead of their time.
    public func encode(_ score: Score, controls: Controls = .none) throws -> [Int] {
        var writer = try StreamWriter(config: self, score: score, controls: controls)
        let end = writer.pieceEnd
        for note in writer.events { try writer.write(note) }
        writer.advance(to: end)
        return writer.tokens + [Self.eos]
    }

    /// The piece without its EOS: the clock ends at the score's length, so a `TokenDecoder`
    /// fed these tokens is ready to continue the score.
    public func encodePrefix(_ score: Score) throws -> [Int] {
        var writer = try StreamWriter(config: self, score: score, controls: .none)
        for note in writer.events { try writer.write(note) }
        writer.advance(to: writer.pieceEnd)
        return writer.tokens
    }

    /// BOS, the style, and the notes that start before `step`, in order, with the controls due
    /// on the way; the clock stops on the step of the last note (0 if none). This is what a
    /// model hears before it writes from `step` on. How long the music rests after that note is
    /// for the model to say; to write notes on `step` itself, `openingTokens` moves the clock
    /// there first. (Moving it there without a note to follow would not be canonical: a run of
    /// shifts that ends short says that a note comes next.)
    public func encodeContext(_ score: Score, controls: Controls = .none, before step: Int) throws -> (tokens: [Int], clock: Int) {
        var writer = try StreamWriter(config: self, score: score, controls: controls)
        for note in writer.events where note.start < step { try writer.write(note) }
        return (writer.tokens, writer.clock)
    }

    /// The tokens that follow `encodeContext(score, controls:, before: step)` to put `notes` on
    /// `step`: the run of shifts there (with the controls that fall due on the way), then the notes.
    public func openingTokens(
        _ notes: [Note], at step: Int, after score: Score, controls: Controls = .none
    ) throws -> [Int] {
        var writer = try StreamWriter(config: self, score: score, controls: controls)
        for note in writer.events where note.start < step { try writer.write(note) }
        let before = writer.tokens.count
        writer.advance(to: step)
        for note in notes.sorted(by: eventOrder) { try writer.write(note) }
        return Array(writer.tokens[before...])
    }

    /// The canonical run of shifts from one step to a later one: largest first.
    public func shiftTokens(from start: Int, to end: Int) -> [Int] {
        var tokens: [Int] = []
        var remaining = end - start
        while remaining > 0 {
            let step = min(remaining, maxShift)
            tokens.append(id(for: .shift(step))!)
            remaining -= step
        }
        return tokens
    }

    /// The order of events in the token stream: by start, then part, then rising pitch.
    public func eventOrder(_ a: Note, _ b: Note) -> Bool {
        (a.start, a.part, a.pitch) < (b.start, b.part, b.pitch)
    }

    /// One note's tokens, `P [V] L`, for a note the encoding can hold (see `checkEncodable`).
    public func noteTokens(_ note: Note) -> [Int] {
        var tokens = [id(for: .pitch(note.pitch, part: note.part))!]
        if velocityBins > 0 { tokens.append(id(for: .velocity(velocityBin(for: note.velocity)))!) }
        tokens.append(id(for: .length(note.length))!)
        return tokens
    }

    /// A complete piece, BOS to EOS, controls included as notes. Tempo, meter and key come from
    /// `template` (tokens carry none); the parts are the encoding's roles.
    public func decode(_ tokens: [Int], template: Score = Score()) throws -> Score {
        try validate()
        var decoder = TokenDecoder(config: self)
        for token in tokens { try decoder.feed(token) }
        return try decoder.finish(template: template)
    }

    func checkEncodable(_ score: Score, controls: Controls = .none) throws {
        guard score.stepsPerQuarter == stepsPerQuarter else {
            throw EncodingError.gridMismatch(score: score.stepsPerQuarter, encoding: stepsPerQuarter)
        }
        guard score.drums.isEmpty else { throw EncodingError.drumsNotEncodable(count: score.drums.count) }
        guard hasControls || controls.isEmpty else {
            throw EncodingError.invalidConfig("the encoding has no controls (anticipation 0), but controls were given")
        }
        // A note may be both given and played (a control and the event it announces), but each
        // stream holds it once.
        for stream in [score.notes, controls.notes] {
            var seen = Set<Int>()
            for note in stream {
                guard (0..<partCount).contains(note.part) else {
                    throw EncodingError.partNotEncodable(note, parts: partCount)
                }
                guard pitchRange.contains(note.pitch) else { throw EncodingError.pitchOutOfRange(note, range: pitchRange) }
                guard (1...maxLength).contains(note.length) else { throw EncodingError.lengthOutOfRange(note, maxLength: maxLength) }
                guard note.start >= 0 else { throw EncodingError.negativeStart(note) }
                guard encodesExactly(velocity: note.velocity) else { throw EncodingError.velocityNotEncodable(note) }
                guard seen.insert((note.start << 4 | note.part) << 7 | note.pitch).inserted else {
                    throw EncodingError.duplicateNote(note)
                }
            }
        }
        if let end = controls.end {
            let latest = max(score.length, (score.notes + controls.notes).map(\.end).max() ?? 0)
            guard end >= latest else { throw EncodingError.endBeforeMusic(end: end, lastStep: latest) }
        }
    }

    /// Every pitch token moved by `semitones`, in its own part; the same as encoding the
    /// transposed score (and controls).
    public func transposeTokens(_ tokens: [Int], by semitones: Int) throws -> [Int] {
        guard semitones != 0 else { return tokens }
        return try tokens.map { id in
            guard case .pitch(let pitch, let part)? = token(for: id) else { return id }
            guard let moved = self.id(for: .pitch(pitch + semitones, part: part)) else {
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

/// Notes and an end the model is given ahead of their time: the melody it harmonises, the
/// music after a gap it fills, the bar it must end on. They travel in the token stream
/// `anticipation` steps early, so a left-to-right model hears them before it gets there.
public struct Controls: Hashable, Sendable {
    public var notes: [Note]
    /// The step the piece ends on.
    public var end: Int?

    public init(notes: [Note] = [], end: Int? = nil) {
        self.notes = notes
        self.end = end
    }

    public static let none = Controls()
    public var isEmpty: Bool { notes.isEmpty && end == nil }
}

/// Writes a piece's tokens step by step, slipping each control in as soon as the clock comes
/// within `anticipation` steps of it: at the start, and after every shift token.
struct StreamWriter {
    let config: EncodingConfig
    private(set) var tokens: [Int]
    private(set) var clock = 0
    let events: [Note]
    let pieceEnd: Int
    /// Controls not yet written, in order: by time, then part and pitch, the end last.
    private var pending: [(time: Int, note: Note?)]
    private var nextPending = 0

    init(config: EncodingConfig, score: Score, controls: Controls) throws {
        try config.validate()
        try config.checkEncodable(score, controls: controls)
        self.config = config
        tokens = [EncodingConfig.bos]
        if let style = score.style, let styleID = config.id(for: .style(style)) { tokens.append(styleID) }
        events = score.notes.sorted(by: config.eventOrder)
        let lastEnd = max(score.length, (score.notes + controls.notes).map(\.end).max() ?? 0)
        pieceEnd = controls.end ?? lastEnd
        var items: [(time: Int, note: Note?)] = controls.notes.sorted(by: config.eventOrder).map { ($0.start, $0) }
        if let end = controls.end { items.append((end, nil)) }
        pending = items.sorted { a, b in
            a.time != b.time ? a.time < b.time : (a.note != nil && b.note == nil)
        }
        flushControls()
    }

    mutating func write(_ note: Note) throws {
        advance(to: note.start)
        tokens += config.noteTokens(note)
    }

    /// Shifts to `step`, largest first, with the controls that fall due after each shift.
    mutating func advance(to step: Int) {
        while clock < step {
            let shift = min(step - clock, config.maxShift)
            tokens.append(config.id(for: .shift(shift))!)
            clock += shift
            flushControls()
        }
    }

    private mutating func flushControls() {
        guard config.hasControls else { return }
        while nextPending < pending.count, pending[nextPending].time <= clock + config.anticipation {
            let (time, note) = pending[nextPending]
            tokens.append(config.id(for: .ahead(time - clock))!)
            if let note { tokens += config.noteTokens(note) } else { tokens.append(config.id(for: .end)!) }
            nextPending += 1
        }
    }
}
