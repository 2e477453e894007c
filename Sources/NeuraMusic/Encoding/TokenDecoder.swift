/// Reads tokens one at a time, hands back each note as soon as its length token arrives, and
/// says which tokens may come next. The sampler masks logits with `allowedTokens()`, so
/// anything it samples decodes; anything else fed in gets a typed error, never a crash.
///
/// The grammar is the canonical form `encode` writes:
/// `BOS [STYLE] ( T… | P [V] L | A<k> P [V] L | A<k> END )* EOS`, where
/// - within one step, notes come in rising (part, pitch) order;
/// - a shift shorter than `maxShift` ends a run of shifts (gaps are written largest first);
/// - controls (`A<k> …`) come only at the start and right after a shift, before the step's
///   notes, each at the first such point that brings the clock within `anticipation` steps of
///   it, in rising (time, part, pitch) order with the end last;
/// - after an end control the piece stops there: no note sounds past it, and EOS comes on it;
/// - EOS comes once the clock has reached the end of every note.
/// That makes the grammar exactly the set of sequences `encode` writes: whatever the sampler
/// produces re-encodes to itself.
public struct TokenDecoder: Sendable {
    public let config: EncodingConfig
    /// The step the next note starts on.
    public private(set) var clock = 0
    /// The notes the model wrote (events), in order.
    public private(set) var notes: [Note] = []
    /// The notes given ahead of time (controls), in order.
    public private(set) var controls: [Note] = []
    /// The step an end control named, once one has come.
    public private(set) var endAt: Int?
    public private(set) var style: String?
    /// Tokens accepted so far.
    public private(set) var position = 0

    private enum Phase: Hashable, Sendable {
        case expectingBOS
        /// Right after BOS: a style token is still allowed.
        case opening
        case betweenEvents
        case afterPitch(pitch: Int, part: Int)
        case afterVelocity(pitch: Int, part: Int, velocity: Int)
        /// After `A<k>`: a control note's pitch or END.
        case afterAhead(time: Int)
        case afterControlPitch(time: Int, pitch: Int, part: Int)
        case afterControlVelocity(time: Int, pitch: Int, part: Int, velocity: Int)
        case finished
    }

    private var phase = Phase.expectingBOS
    /// Part and pitch of the last note placed at `clock`; the next one there must come after it.
    private var lastEventAtClock: (part: Int, pitch: Int)?
    /// True after a shift shorter than `maxShift`, which must end a run of shifts.
    private var shiftRunClosed = false
    /// The latest end of any note so far; EOS waits for the clock to get there.
    private var latestEnd = 0
    /// True at the start and right after a shift, until the step's first note: where controls go.
    private var atControlPoint = false
    /// The clock at the control point before this one; a control due then must have come then.
    private var previousControlPoint: Int?
    /// (time, part, pitch) of the last control at this point; the next must come after it.
    private var lastControlKey: (time: Int, part: Int, pitch: Int)?

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

    /// True while a control is being written: after `A<k>`, until its note or END is complete.
    public var isWritingControl: Bool {
        switch phase {
        case .afterAhead, .afterControlPitch, .afterControlVelocity: true
        default: false
        }
    }

    /// The event note whose pitch has come and whose length has not: its pitch and part.
    public var pendingEvent: (pitch: Int, part: Int)? {
        switch phase {
        case .afterPitch(let pitch, let part), .afterVelocity(let pitch, let part, _): (pitch, part)
        default: nil
        }
    }

    /// True where a control may come: at the start and right after a shift, before the step's notes.
    public var isAtControlPoint: Bool {
        atControlPoint && (phase == .opening || phase == .betweenEvents)
    }

    /// The score as decoded so far, controls included (once: a control the model also played
    /// is one note); `length` is the clock or the last note's end, whichever is later.
    public func score(template: Score = Score()) -> Score {
        Score(
            stepsPerQuarter: config.stepsPerQuarter, tempo: template.tempo, timeSignature: template.timeSignature,
            keySignature: template.keySignature, notes: notes + controls.filter { !notes.contains($0) }, length: clock, style: style,
            parts: config.roleParts)
    }

    /// Accepts one token; returns the event note it completes, if any (a control note is
    /// recorded in `controls`, not returned).
    @discardableResult
    public mutating func feed(_ id: Int) throws -> Note? {
        if let configProblem { throw configProblem }
        guard phase != .finished else { throw EncodingError.tokenAfterEnd(position: position) }
        guard let token = config.token(for: id) else {
            throw EncodingError.tokenOutOfVocabulary(id: id, position: position, vocabularySize: config.vocabularySize)
        }
        guard isAllowed(token) else {
            throw EncodingError.unexpectedToken(name: config.name(of: token), position: position, expected: expectation)
        }
        position += 1
        switch token {
        case .bos:
            phase = .opening
            atControlPoint = true
        case .eos:
            phase = .finished
        case .style(let name):
            style = name
            phase = .betweenEvents
        case .shift(let steps):
            previousControlPoint = clock
            clock += steps
            lastEventAtClock = nil
            lastControlKey = nil
            atControlPoint = true
            shiftRunClosed = steps < config.maxShift
            phase = .betweenEvents
        case .pitch(let pitch, let part):
            if case .afterAhead(let time) = phase {
                phase = .afterControlPitch(time: time, pitch: pitch, part: part)
            } else {
                atControlPoint = false
                phase = .afterPitch(pitch: pitch, part: part)
            }
        case .velocity(let bin):
            switch phase {
            case .afterPitch(let pitch, let part):
                phase = .afterVelocity(pitch: pitch, part: part, velocity: config.velocity(forBin: bin))
            case .afterControlPitch(let time, let pitch, let part):
                phase = .afterControlVelocity(time: time, pitch: pitch, part: part, velocity: config.velocity(forBin: bin))
            default: break
            }
        case .length(let steps):
            switch phase {
            case .afterPitch(let pitch, let part):
                return placeEvent(pitch: pitch, part: part, velocity: EncodingConfig.defaultVelocity, length: steps)
            case .afterVelocity(let pitch, let part, let velocity):
                return placeEvent(pitch: pitch, part: part, velocity: velocity, length: steps)
            case .afterControlPitch(let time, let pitch, let part):
                placeControl(time: time, pitch: pitch, part: part, velocity: EncodingConfig.defaultVelocity, length: steps)
            case .afterControlVelocity(let time, let pitch, let part, let velocity):
                placeControl(time: time, pitch: pitch, part: part, velocity: velocity, length: steps)
            default: break
            }
        case .ahead(let steps):
            phase = .afterAhead(time: clock + steps)
        case .end:
            if case .afterAhead(let time) = phase {
                endAt = time
                lastControlKey = (time, Int.max, Int.max)
            }
            phase = .betweenEvents
        }
        return nil
    }

    private mutating func placeEvent(pitch: Int, part: Int, velocity: Int, length: Int) -> Note {
        let note = Note(pitch: pitch, start: clock, length: length, velocity: velocity, part: part)
        notes.append(note)
        latestEnd = max(latestEnd, note.end)
        lastEventAtClock = (part, pitch)
        shiftRunClosed = false
        phase = .betweenEvents
        return note
    }

    private mutating func placeControl(time: Int, pitch: Int, part: Int, velocity: Int, length: Int) {
        let note = Note(pitch: pitch, start: time, length: length, velocity: velocity, part: part)
        controls.append(note)
        latestEnd = max(latestEnd, note.end)
        lastControlKey = (time, part, pitch)
        phase = .betweenEvents
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
            return clock >= latestEnd && (endAt.map { clock == $0 } ?? true)
        case (.opening, .shift(let steps)), (.betweenEvents, .shift(let steps)):
            // A run of shifts is largest first: only a maxShift may follow a shift.
            return !shiftRunClosed && (endAt.map { clock + steps <= $0 } ?? true)
        case (.opening, .pitch(let pitch, let part)), (.betweenEvents, .pitch(let pitch, let part)):
            if let endAt, clock >= endAt { return false }
            return lastEventAtClock.map { (part, pitch) > ($0.part, $0.pitch) } ?? true
        case (.afterPitch, .velocity), (.afterControlPitch, .velocity):
            return config.velocityBins > 0
        case (.afterPitch, .length(let steps)):
            return config.velocityBins == 0 && endsInTime(steps)
        case (.afterVelocity, .length(let steps)):
            return endsInTime(steps)
        case (.afterControlPitch, .length):
            return config.velocityBins == 0
        case (.afterControlVelocity, .length):
            return true
        case (.opening, .ahead(let steps)), (.betweenEvents, .ahead(let steps)):
            // At a control point, not due at the one before, after the controls already here.
            guard config.hasControls, endAt == nil, atControlPoint else { return false }
            let time = clock + steps
            if let previousControlPoint, time <= previousControlPoint + config.anticipation { return false }
            return lastControlKey.map { time >= $0.time } ?? true
        case (.afterAhead(let time), .pitch(let pitch, let part)):
            return lastControlKey.map { (time, part, pitch) > $0 } ?? true
        case (.afterAhead(let time), .end):
            return endAt == nil && time >= latestEnd
        default:
            return false
        }
    }

    /// A note of `steps` starting now ends by the end control, if there is one.
    private func endsInTime(_ steps: Int) -> Bool {
        endAt.map { clock + steps <= $0 } ?? true
    }

    private var expectation: String {
        switch phase {
        case .expectingBOS: return "BOS"
        case .opening: return "a style, a control, a pitch, a shift or EOS"
        case .betweenEvents:
            let later = config.parts.isEmpty ? "a pitch above the last one at this step"
                : "a pitch in a later part, or higher in the same part, than the last one at this step"
            var options = [lastEventAtClock == nil ? "a pitch" : later]
            if !shiftRunClosed { options.append(clock < latestEnd ? "a shift (to step \(latestEnd) before EOS)" : "a shift") }
            if clock >= latestEnd { options.append("EOS") }
            return options.joined(separator: ", ")
        case .afterPitch, .afterControlPitch: return config.velocityBins > 0 ? "a velocity" : "a length"
        case .afterVelocity, .afterControlVelocity: return "a length"
        case .afterAhead: return "a control's pitch or END"
        case .finished: return "nothing after EOS"
        }
    }

    /// The finished score; throws if the tokens stopped before EOS.
    public func finish(template: Score = Score()) throws -> Score {
        guard phase == .finished else { throw EncodingError.incomplete(position: position, expected: expectation) }
        return score(template: template)
    }
}
