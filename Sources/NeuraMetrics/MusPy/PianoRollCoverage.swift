/// What MusPy's binary piano roll of the pitched notes holds, counted without building it
/// (a file at 10,080 ticks per quarter would need a row per tick): a cell per (tick, pitch) is
/// on while a note of that pitch sounds, whichever track it is on, so overlapping notes of
/// one pitch count once and notes of zero length not at all.
struct PianoRollCoverage {
    /// The roll's rows: MusPy's length, which includes drums and control changes.
    let length: Int
    /// Cells on: the sum of the roll.
    private(set) var pitchTicks = 0
    /// Rows with at least one cell on.
    private(set) var soundingTicks = 0
    /// (tick, change in the number of pitches on), sorted by tick.
    private let changes: [(tick: Int, delta: Int)]

    init(notes: [TickNote], length: Int) {
        self.length = length
        var changes: [(tick: Int, delta: Int)] = []
        for (_, group) in Dictionary(grouping: notes.filter { $0.end > $0.start }, by: \.pitch) {
            for span in Self.merged(group.map { ($0.start, $0.end) }) {
                pitchTicks += span.end - span.start
                changes.append((span.start, 1))
                changes.append((span.end, -1))
            }
        }
        self.changes = changes.sorted { ($0.tick, $0.delta) < ($1.tick, $1.delta) }
        soundingTicks = ticks(withMoreThan: 0)
    }

    /// Rows where more than `threshold` pitches are on.
    func ticks(withMoreThan threshold: Int) -> Int {
        var count = 0
        var on = 0
        var previous = 0
        for change in changes {
            if on > threshold { count += change.tick - previous }
            on += change.delta
            previous = change.tick
        }
        return count
    }

    /// Half-open spans joined where they overlap or touch.
    private static func merged(_ spans: [(start: Int, end: Int)]) -> [(start: Int, end: Int)] {
        var result: [(start: Int, end: Int)] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let last = result.last, span.start <= last.end {
                result[result.count - 1].end = max(last.end, span.end)
            } else {
                result.append(span)
            }
        }
        return result
    }
}
