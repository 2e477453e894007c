import NeuraMusic

/// A note as MusPy 0.5.0 keeps it: ticks from the start of the file, never quantised.
public struct TickNote: Hashable, Sendable {
    public var pitch: Int
    public var start: Int
    /// Equal to `start` for a note whose note-off came on its own tick: MusPy keeps those.
    public var end: Int
    public var velocity: Int

    public init(pitch: Int, start: Int, end: Int, velocity: Int) {
        self.pitch = pitch
        self.start = start
        self.end = end
        self.velocity = velocity
    }
}

/// One MusPy track: the notes a file track holds on one channel under one program.
public struct TickTrack: Hashable, Sendable {
    /// The file track the notes came from (format 2 tracks are numbered in file order too).
    public var sourceTrack: Int
    /// 0-based; 9 is the General MIDI drum channel.
    public var channel: Int
    /// The program in force on the channel when each note ended: MusPy files a note there.
    public var program: Int
    /// Sorted by (start, pitch, duration, velocity), MusPy's order.
    public var notes: [TickNote]
    /// Ticks of the track's control changes on this channel. MusPy keeps them as annotations,
    /// so they count towards the track's end.
    public var controlChangeTicks: [Int]

    public var isDrum: Bool { channel == 9 }

    /// MusPy's `Track.get_end_time()`: the latest note end or control change, 0 for neither.
    public var endTick: Int {
        max(notes.map(\.end).max() ?? 0, controlChangeTicks.max() ?? 0)
    }
}

/// A value that sits at a tick of the file.
public struct Timed<Value: Hashable & Sendable>: Hashable, Sendable {
    public var tick: Int
    public var value: Value

    public init(tick: Int, value: Value) {
        self.tick = tick
        self.value = value
    }
}

/// The notes of a MIDI file as MusPy 0.5.0's `read_midi` builds them, for the metrics that
/// MusPy defines on ticks. `TickScore(midi:)` lists the reading rules.
public struct TickScore: Hashable, Sendable {
    /// Ticks per quarter note (MusPy's `resolution`); nil for SMPTE files, whose ticks count
    /// time, not beats.
    public var ticksPerQuarter: Int?
    public var tracks: [TickTrack]
    /// In file order: track by track, then by tick (MusPy keeps them so, unsorted).
    public var timeSignatures: [Timed<TimeSignature>]
    public var keySignatures: [Timed<KeySignature>]

    public init(
        ticksPerQuarter: Int?, tracks: [TickTrack], timeSignatures: [Timed<TimeSignature>] = [],
        keySignatures: [Timed<KeySignature>] = []
    ) {
        self.ticksPerQuarter = ticksPerQuarter
        self.tracks = tracks
        self.timeSignatures = timeSignatures
        self.keySignatures = keySignatures
    }

    /// MusPy's length, the latest end over all tracks; nil when the file has no track at all
    /// (no note and no control change), where MusPy's length-based metrics raise.
    public var length: Int? { tracks.isEmpty ? nil : tracks.map(\.endTick).max() }

    public var pitchedNotes: [TickNote] { tracks.filter { !$0.isDrum }.flatMap(\.notes) }
    public var drumNotes: [TickNote] { tracks.filter(\.isDrum).flatMap(\.notes) }
    public var allNotes: [TickNote] { tracks.flatMap(\.notes) }

    /// The earliest of the values (ties go to the first in file order).
    static func earliest<Value>(_ values: [Timed<Value>]) -> Value? {
        values.enumerated().min { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }?.element.value
    }

    /// The meter that sets the bar length: the earliest time signature with a numerator of at
    /// least 1, or 4/4 when the file has none.
    public var meter: TimeSignature {
        Self.earliest(timeSignatures.filter { $0.value.numerator >= 1 }) ?? .common
    }

    public var keySignature: KeySignature? { Self.earliest(keySignatures) }

    /// A bar in ticks, `4 × ticksPerQuarter × numerator / denominator` of `meter`, rounded to
    /// the nearest tick: the measure resolution of the groove consistency and the empty-measure
    /// rate. Nil for SMPTE files.
    public var measureTicks: Int? {
        guard let ticksPerQuarter else { return nil }
        let meter = self.meter
        let denominator = max(meter.denominator, 1)
        return max(1, (4 * ticksPerQuarter * meter.numerator + denominator / 2) / denominator)
    }
}
