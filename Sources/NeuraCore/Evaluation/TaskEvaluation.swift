import Foundation
import NeuraLSTM
import NeuraMusic

/// How well a model does a composing task on real music, as NLL per note it must write, so that
/// models with different encodings (controls or not, soprano first or last) compare on the
/// same events:
/// - harmonisation: the notes of every voice but the kept ones, given the kept voices. A model
///   with controls hears the kept voices ahead of time; a model without them hears each kept
///   note where it comes in its step's order (the forced-melody method).
/// - infilling: the notes in a gap of some bars in the middle of each piece, given the music
///   before it and, for a model with controls and `bothSides`, the bars after it.
/// Counted are the tokens the model must choose: the written notes' tokens and the shifts taken
/// while the clock is in the written music (and EOS for a harmonisation; for a gap, the shifts
/// that stay inside it); given notes are not.
public enum TaskEvaluation {
    public enum Task: Hashable, Sendable {
        /// Keep these voices (by name or initial, e.g. "S").
        case harmonization(keep: [String])
        /// A gap of `bars` bars; `bothSides`: the music after it is given (controls).
        case infill(bars: Int, bothSides: Bool)
    }

    public struct Result: Sendable, Hashable, Encodable {
        public var task: String
        public var pieceCount: Int
        /// Notes the model had to write.
        public var noteCount: Int
        public var tokenCount: Int
        public var totalNLL: Double
        public var nllPerNote: Double { noteCount > 0 ? totalNLL / Double(noteCount) : 0 }

        private enum CodingKeys: String, CodingKey { case task, pieceCount, noteCount, tokenCount, totalNLL, nllPerNote }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(task, forKey: .task)
            try container.encode(pieceCount, forKey: .pieceCount)
            try container.encode(noteCount, forKey: .noteCount)
            try container.encode(tokenCount, forKey: .tokenCount)
            try container.encode(totalNLL, forKey: .totalNLL)
            try container.encode(nllPerNote, forKey: .nllPerNote)
        }
    }

    /// One piece written for the task: its tokens, which of them count, and how many notes.
    struct Writing {
        var tokens: [Int]
        var counted: [Bool]
        var notes: Int
    }

    public static func evaluate(model: NeuraModel, scores: [Score], task: Task) throws -> Result {
        let writings = try scores.compactMap { try writing(of: $0, task: task, encoding: model.encoding) }
        var evaluator = try NLLEvaluator(parameters: model.parameters)
        let nll = try evaluator.evaluate(pieces: writings.map(\.tokens), keepPerToken: true)
        var total = 0.0
        var tokens = 0
        for (writing, perToken) in zip(writings, nll.perToken ?? []) {
            // perToken[t] scores tokens[t + 1].
            for (index, value) in perToken.enumerated() where writing.counted[index + 1] {
                total += Double(value)
                tokens += 1
            }
        }
        return Result(
            task: describe(task), pieceCount: writings.count, noteCount: writings.reduce(0) { $0 + $1.notes },
            tokenCount: tokens, totalNLL: total)
    }

    static func describe(_ task: Task) -> String {
        switch task {
        case .harmonization(let keep): "harmonize, keep \(keep.joined(separator: ","))"
        case .infill(let bars, let bothSides): "infill \(bars) bars, " + (bothSides ? "both sides" : "left side only")
        }
    }

    /// Nil for a piece the task does not fit (no written voice, too short for the gap).
    static func writing(of score: Score, task: Task, encoding: EncodingConfig) throws -> Writing? {
        let fitted = try score.fitted(to: encoding, source: "piece").score
        switch task {
        case .harmonization(let keep):
            guard !encoding.parts.isEmpty else {
                throw GenerationError.invalidControl("harmonisation needs a model with parts; this one writes one voice")
            }
            let kept = Set(try keep.map { name -> Int in
                guard let role = encoding.role(named: name) else {
                    throw GenerationError.invalidControl("the model has no voice \"\(name)\"")
                }
                return role
            })
            let given = fitted.notes.filter { kept.contains($0.part) }
            var events = fitted
            events.notes.removeAll { kept.contains($0.part) }
            guard !events.notes.isEmpty, !given.isEmpty else { return nil }
            if encoding.hasControls, !encoding.echoControls {
                let tokens = try encoding.encode(events, controls: Controls(notes: given))
                return Writing(tokens: tokens, counted: countedTokens(tokens, encoding: encoding) { _, _ in true }, notes: events.notes.count)
            }
            // The kept voices are played where they fall, and not counted; a model with echoed
            // controls also hears them ahead of time.
            let tokens = try encoding.encode(fitted, controls: Controls(notes: encoding.hasControls ? given : []))
            let counted = countedTokens(tokens, encoding: encoding) { _, part in part.map { !kept.contains($0) } ?? true }
            return Writing(tokens: tokens, counted: counted, notes: events.notes.count)
        case .infill(let bars, let bothSides):
            let perBar = max(1, fitted.stepsPerBar)
            let pieceBars = (max(fitted.length, fitted.notes.map(\.end).max() ?? 0) + perBar - 1) / perBar
            guard pieceBars >= bars + 2 else { return nil }
            let first = max(1, (pieceBars - bars) / 2)
            let gap = first * perBar..<((first + bars) * perBar)
            let written = fitted.notes.filter { gap.contains($0.start) }
            guard !written.isEmpty else { return nil }
            var controls = Controls()
            var events = fitted
            if bothSides {
                guard encoding.hasControls else {
                    throw GenerationError.invalidControl("this model was trained without controls, so it cannot hear the music after a gap")
                }
                let heard = gap.upperBound..<(gap.upperBound + max(2 * perBar, encoding.anticipation))
                controls.notes = fitted.notes.filter { heard.contains($0.start) }
                if !encoding.echoControls { events.notes.removeAll { heard.contains($0.start) } }
            }
            let tokens = try encoding.encode(events, controls: controls)
            // A shift that leaves the gap is not counted: generation stops at the gap's end, so
            // where such a shift lands is never asked, and the two writings differ there (with the
            // bars after the gap given, the events skip them).
            var counted = countedTokens(tokens, encoding: encoding) { clock, _ in gap.contains(clock) }
            var clock = 0
            for (index, token) in tokens.enumerated() {
                guard case .shift(let steps)? = encoding.token(for: token) else { continue }
                if clock + steps >= gap.upperBound { counted[index] = false }
                clock += steps
            }
            return Writing(tokens: tokens, counted: counted, notes: written.count)
        }
    }

    /// Which tokens count: never BOS or a control's tokens; otherwise as `include` says for the
    /// clock the token was chosen at and, for a note's tokens, its part. EOS has no part.
    static func countedTokens(_ tokens: [Int], encoding: EncodingConfig, include: (_ clock: Int, _ part: Int?) -> Bool) -> [Bool] {
        var decoder = TokenDecoder(config: encoding)
        var counted: [Bool] = []
        var notePart: Int?
        for token in tokens {
            let clock = decoder.clock
            let parsed = encoding.token(for: token)
            let isControl = decoder.isWritingControl || { if case .ahead? = parsed { true } else { false } }()
            // A note's part comes with its pitch and holds for its length and velocity.
            switch parsed {
            case .pitch(_, let part)?: notePart = isControl ? nil : part
            case .length?, .velocity?: break
            default: notePart = nil
            }
            counted.append(token != EncodingConfig.bos && !isControl && include(clock, notePart))
            _ = try? decoder.feed(token)
        }
        return counted
    }
}
