/// How pieces are written for a model that learns controls. Each piece is written several
/// times: first plainly, then with some of its music given ahead of time, as the model will be
/// asked at generation time:
/// - harmonisation: one part (sometimes more, never all) given, over the whole piece or a span;
/// - infilling: a gap of 1–4 bars, with the bars after it given (at least the anticipation);
/// - ending: the end of the piece given;
/// and half of the harmonisations and infillings also given the end. With `echoControls` the
/// given notes are still played where they fall; without, they are given instead. The choices are drawn
/// from the piece's source name and the seed, so an encoding is reproducible.
public struct ControlMix: Hashable, Sendable {
    /// Writings of each piece, the first plain.
    public var renderings: Int
    public var seed: UInt64

    public init(renderings: Int = 4, seed: UInt64 = 1) {
        self.renderings = renderings
        self.seed = seed
    }

    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case plain, harmonization, infill, ending
    }

    public struct Rendering: Sendable, Hashable {
        public var kind: Kind
        public var events: Score
        public var controls: Controls
    }

    public func validate() throws {
        guard (1...64).contains(renderings) else {
            throw EncodingError.invalidConfig("renderings \(renderings) is not in 1…64")
        }
    }

    /// The writings of `score` (already fitted to `config`).
    public func renderings(of score: Score, source: String, config: EncodingConfig) -> [Rendering] {
        guard config.hasControls else { return [Rendering(kind: .plain, events: score, controls: .none)] }
        var rendered = [Rendering(kind: .plain, events: score, controls: .none)]
        let bars = max(1, score.stepsPerBar)
        let pieceEnd = max(score.length, score.notes.map(\.end).max() ?? 0)
        let pieceBars = (pieceEnd + bars - 1) / bars
        let parts = Set(score.notes.map(\.part)).sorted()
        for index in 1..<max(1, renderings) {
            var rng = SplitMix64(seed: seed ^ Self.hash(source), stream: UInt64(index))
            var kinds: [(Kind, Double)] = [(.ending, 0.2)]
            if parts.count >= 2 { kinds.append((.harmonization, 0.45)) }
            if pieceBars >= 3 { kinds.append((.infill, 0.35)) }
            let kind = Self.draw(kinds, using: &rng)
            var given: [Note] = []
            switch kind {
            case .harmonization:
                let count = parts.count >= 3 && Double.random(in: 0..<1, using: &rng) >= 0.7
                    ? Int.random(in: 2...(parts.count - 1), using: &rng) : 1
                let kept = Set(parts.shuffled(using: &rng).prefix(count))
                var span = 0..<Int.max
                if Bool.random(using: &rng), pieceBars > 2 {
                    let length = Int.random(in: 2...min(8, pieceBars), using: &rng)
                    let first = Int.random(in: 0...(pieceBars - length), using: &rng)
                    span = first * bars..<(first + length) * bars
                }
                given = score.notes.filter { kept.contains($0.part) && span.contains($0.start) }
            case .infill:
                let gap = Int.random(in: 1...min(4, pieceBars - 2), using: &rng)
                let first = Int.random(in: 0...(pieceBars - gap - 1), using: &rng)
                let after = (first + gap) * bars
                let heard = max(2 * bars, config.anticipation)
                given = score.notes.filter { $0.start >= after && $0.start < after + heard }
            case .plain, .ending:
                break
            }
            var events = score
            if !config.echoControls {
                let givenNotes = Set(given)
                events.notes.removeAll { givenNotes.contains($0) }
            }
            let ends = kind == .ending || (kind != .plain && Bool.random(using: &rng))
            rendered.append(Rendering(kind: kind, events: events, controls: Controls(notes: given, end: ends ? pieceEnd : nil)))
        }
        return rendered
    }

    private static func draw(_ weighted: [(Kind, Double)], using rng: inout SplitMix64) -> Kind {
        let total = weighted.reduce(0) { $0 + $1.1 }
        var point = Double.random(in: 0..<total, using: &rng)
        for (kind, weight) in weighted {
            if point < weight { return kind }
            point -= weight
        }
        return weighted.last!.0
    }

    /// FNV-1a: the same name gives the same draws on every machine and run.
    static func hash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
