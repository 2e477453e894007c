/// What `neurascore info` reports about a MIDI file: its structure, its tempo, meter and
/// key maps, and its notes counted per track and channel.
///
/// Notes are paired by `MIDINotes` (pretty_midi's rule), so `noteCount` is pretty_midi's
/// note count: every note that a note-off ends, drums included. What pairing could not
/// make a note is counted apart, never dropped unseen: note-ons with no note-off
/// (`closedAtEndOfTrackCount`; real exporters write these, e.g. music21's grace notes
/// with the note-off before the note-on, so counting them would report notes that no
/// one wrote), zero-length notes (`zeroLengthNoteCount`) and stray note-offs. Channels are numbered 1–16 as musicians
/// count them (drums on 10). Times are given in ticks (of the event's own track), in
/// seconds and in quarter-note beats. The duration runs to the last event of any track,
/// end-of-track included, as mido's `MidiFile.length` measures it; format 2 tracks play
/// one after another. `ticksPerQuarter` and every `beats` are null for SMPTE files.
public struct MIDIInfo: Codable, Equatable, Sendable {
    public struct PitchRange: Codable, Equatable, Sendable {
        public var lowest: Int
        public var highest: Int
        public var lowestName: String
        public var highestName: String
    }

    public struct SMPTE: Codable, Equatable, Sendable {
        public var framesPerSecond: Int
        public var ticksPerFrame: Int
    }

    public struct Channel: Codable, Equatable, Sendable {
        /// 1–16.
        public var channel: Int
        public var noteCount: Int
        /// The programs notes began under, in order of first use (0 when none was set).
        public var programs: [Int]
        public var isDrum: Bool
    }

    public struct Track: Codable, Equatable, Sendable {
        public var index: Int
        public var name: String?
        public var eventCount: Int
        public var endTick: Int
        public var noteCount: Int
        public var drumNoteCount: Int
        public var channels: [Channel]
    }

    /// A voice or instrument as import sees it (see `PartLayout`): its notes are counted as
    /// `noteCount` counts them.
    public struct Part: Codable, Equatable, Sendable {
        public struct Source: Codable, Equatable, Sendable {
            public var track: Int
            /// 1–16.
            public var channel: Int
        }

        public var index: Int
        public var name: String
        public var program: Int
        public var programName: String
        /// 1–16; 10 for drums.
        public var channel: Int
        public var isDrum: Bool
        public var noteCount: Int
        /// Over the part's notes; null for drums, whose keys name instruments.
        public var pitchRange: PitchRange?
        /// The track/channel pairs its notes come from: one, or several when parts past the
        /// limit of 16 were merged into it.
        public var sources: [Source]
    }

    /// Where a map entry applies.
    public struct Position: Codable, Equatable, Sendable {
        public var track: Int
        public var tick: Int
        public var seconds: Double
        public var beats: Double?
    }

    public struct Tempo: Codable, Equatable, Sendable {
        public var at: Position
        public var microsecondsPerQuarter: Int
        public var beatsPerMinute: Double
    }

    public struct TimeSignatureChange: Codable, Equatable, Sendable {
        public var at: Position
        public var numerator: Int
        public var denominator: Int
        public var clocksPerClick: Int
        public var thirtySecondsPerQuarter: Int
    }

    public struct KeySignatureChange: Codable, Equatable, Sendable {
        public var at: Position
        /// -7 (seven flats) … 7 (seven sharps).
        public var sharps: Int
        public var isMinor: Bool
        public var name: String
    }

    public var source: String
    public var format: Int
    public var trackCount: Int
    public var ticksPerQuarter: Int?
    public var smpte: SMPTE?
    /// Notes a note-off ends, drums included; also per track and channel.
    public var noteCount: Int
    public var drumNoteCount: Int
    /// Note-ons never ended, left out of `noteCount`.
    public var closedAtEndOfTrackCount: Int
    public var zeroLengthNoteCount: Int
    public var strayNoteOffCount: Int
    public var durationTicks: Int
    public var durationSeconds: Double
    public var durationBeats: Double?
    /// Over the counted pitched notes: drum keys name instruments, not pitches.
    public var pitchRange: PitchRange?
    public var tracks: [Track]
    public var parts: [Part]
    public var tempos: [Tempo]
    public var timeSignatures: [TimeSignatureChange]
    public var keySignatures: [KeySignatureChange]
    /// The reader's warnings passed in, then malformed meta events found here.
    public var warnings: [String]

    // Written by hand only so that absent values appear as null: `info --json` keeps every key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(format, forKey: .format)
        try container.encode(trackCount, forKey: .trackCount)
        try container.encode(ticksPerQuarter, forKey: .ticksPerQuarter)
        try container.encode(smpte, forKey: .smpte)
        try container.encode(noteCount, forKey: .noteCount)
        try container.encode(drumNoteCount, forKey: .drumNoteCount)
        try container.encode(closedAtEndOfTrackCount, forKey: .closedAtEndOfTrackCount)
        try container.encode(zeroLengthNoteCount, forKey: .zeroLengthNoteCount)
        try container.encode(strayNoteOffCount, forKey: .strayNoteOffCount)
        try container.encode(durationTicks, forKey: .durationTicks)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(durationBeats, forKey: .durationBeats)
        try container.encode(pitchRange, forKey: .pitchRange)
        try container.encode(tracks, forKey: .tracks)
        try container.encode(parts, forKey: .parts)
        try container.encode(tempos, forKey: .tempos)
        try container.encode(timeSignatures, forKey: .timeSignatures)
        try container.encode(keySignatures, forKey: .keySignatures)
        try container.encode(warnings, forKey: .warnings)
    }
}

extension MIDIInfo.Track {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(name, forKey: .name)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encode(endTick, forKey: .endTick)
        try container.encode(noteCount, forKey: .noteCount)
        try container.encode(drumNoteCount, forKey: .drumNoteCount)
        try container.encode(channels, forKey: .channels)
    }
}

extension MIDIInfo.Part {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(name, forKey: .name)
        try container.encode(program, forKey: .program)
        try container.encode(programName, forKey: .programName)
        try container.encode(channel, forKey: .channel)
        try container.encode(isDrum, forKey: .isDrum)
        try container.encode(noteCount, forKey: .noteCount)
        try container.encode(pitchRange, forKey: .pitchRange)
        try container.encode(sources, forKey: .sources)
    }
}

extension MIDIInfo.Position {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(track, forKey: .track)
        try container.encode(tick, forKey: .tick)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(beats, forKey: .beats)
    }
}
