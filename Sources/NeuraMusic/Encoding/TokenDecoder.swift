/// Reads tokens one at a time, hands back each note as soon as its length token arrives, and
/// says which tokens may come next. The sampler masks logits with `allowedTokens()`, so
/// anything it samples decodes; anything else fed in gets a typed error, never a crash.
///
/// The grammar is the canonical form `encode` writes:
/// `BOS [STYLE] ( T… | P [V] L )* EOS`, where within one step pitches rise strictly and a
/// shift shorter than `maxShift` ends a run of shifts (gaps are written largest first), and
/// EOS comes once the clock has reached the end of every note. That makes the grammar exactly
/// the set of sequences `encode` writes: whatever the sampler produces re-encodes to itself.
public struct TokenDecoder: Sendable {
    public let config: EncodingConfig
    /// The step the next note starts on.
    public private(set) var clock = 0
    public private(set) var notes: [Note] = []
    public private(set) var style: String?
    /// Tokens accepted so far.
    public private(set) var position = 0

    private enum Phase: Hashable, Sendable {
        case expectingBOS
        /// Right after BOS: a style token is still allowed.
        case opening
        case betweenEvents
        case afterPitch(Int)
        case afterVelocity(pitch: Int, velocity: Int)
        case finished
    }

    private var phase = Phase.expectingBOS
    /// Highest pitch already placed at `clock`; the next one there must be higher.
    private var highestPitchAtClock: Int?
    /// True after a shift shorter than `maxShift`, which must end a run of shifts.
    private var shiftRunClosed = false
    /// The latest end of any note so far; EOS waits for the clock to get there.
    private var latestEnd = 0

    /// Why `config` cannot be decoded with, if it cannot; every `feed` then throws it.
    private let configProblem: EncodingError?

    public init(config: EncodingConfig) {
        self.config = config
        do {
            try config.validate()
            configProblem = nil
        } catch {
            configProblem = error as? EncodingError ?? .invalidConfig("\(error)")
        }
    }

    public var isFinished: Bool { phase == .finished }

    /// The score as decoded so far; `length` is the clock or the last note's end, whichever is later.
    public func score(template: Score = Score()) -> Score {
        Score(
            stepsPerQuarter: config.stepsPerQuarter, tempo: template.tempo, timeSignature: template.timeSignature,
            keySignature: template.keySignature, notes: notes, length: clock, style: style)
    }

    /// Accepts one token; returns the note it completes, if any.
    @discardableResult
    public mutating func feed(_ id: Int) throws -> Note? {
        if let configProblem { throw configProblem }
        guard phase != .finished else { throw EncodingError.tokenAfterEnd(position: position) }
        guard let token = config.token(for: id) else {
            throw EncodingError.tokenOutOfVocabulary(id: id, position: position, vocabularySize: config.vocabularySize)
        }
        guard isAllowed(token) else {
            throw EncodingError.unexpectedToken(name: token.name, position: position, expected: expectation)
        }
        position += 1
        switch token {
        case .bos:
            phase = .opening
        case .eos:
            phase = .finished
        case .style(let name):
            style = name
            phase = .betweenEvents
        case .shift(let steps):
            clock += steps
            highestPitchAtClock = nil
            shiftRunClosed = steps < config.maxShift
            phase = .betweenEvents
        case .pitch(let pitch):
            phase = .afterPitch(pitch)
        case .velocity(let bin):
            guard case .afterPitch(let pitch) = phase else { return nil }
            phase = .afterVelocity(pitch: pitch, velocity: config.velocity(forBin: bin))
        case .length(let steps):
            let pending: (pitch: Int, velocity: Int)
            switch phase {
            case .afterPitch(let pitch): pending = (pitch, EncodingConfig.defaultVelocity)
            case .afterVelocity(let pitch, let velocity): pending = (pitch, velocity)
            default: return nil
            }
            let note = Note(pitch: pending.pitch, start: clock, length: steps, velocity: pending.velocity)
            notes.append(note)
            latestEnd = max(latestEnd, note.end)
            highestPitchAtClock = pending.pitch
            shiftRunClosed = false
            phase = .betweenEvents
            return note
        }
        return nil
    }

    public func isAllowed(_ id: Int) -> Bool {
        guard configProblem == nil, let token = config.token(for: id) else { return false }
        return isAllowed(token)
    }

    /// One flag per token id: true where the token may come next.
    public func allowedTokens() -> [Bool] {
        (0..<config.vocabularySize).map { isAllowed($0) }
    }

    private func isAllowed(_ token: Token) -> Bool {
        switch (phase, token) {
        case (.expectingBOS, .bos):
            return true
        case (.opening, .style):
            return true
        case (.opening, .eos), (.betweenEvents, .eos):
            return clock >= latestEnd
        case (.opening, .shift), (.betweenEvents, .shift):
            // A run of shifts is largest first: only a maxShift may follow a shift.
            return !shiftRunClosed
        case (.opening, .pitch(let pitch)), (.betweenEvents, .pitch(let pitch)):
            return highestPitchAtClock.map { pitch > $0 } ?? true
        case (.afterPitch, .velocity):
            return config.velocityBins > 0
        case (.afterPitch, .length):
            return config.velocityBins == 0
        case (.afterVelocity, .length):
            return true
        default:
            return false
        }
    }

    private var expectation: String {
        switch phase {
        case .expectingBOS: return "BOS"
        case .opening: return "a style, a pitch, a shift or EOS"
        case .betweenEvents:
            var options = [highestPitchAtClock == nil ? "a pitch" : "a pitch above the last one at this step"]
            if !shiftRunClosed { options.append(clock < latestEnd ? "a shift (to step \(latestEnd) before EOS)" : "a shift") }
            if clock >= latestEnd { options.append("EOS") }
            return options.joined(separator: ", ")
        case .afterPitch: return config.velocityBins > 0 ? "a velocity" : "a length"
        case .afterVelocity: return "a length"
        case .finished: return "nothing after EOS"
        }
    }

    /// The finished score; throws if the tokens stopped before EOS.
    public func finish(template: Score = Score()) throws -> Score {
        guard phase == .finished else { throw EncodingError.incomplete(position: position, expected: expectation) }
        return score(template: template)
    }
}
