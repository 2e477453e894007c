extension MIDIInfo {
    /// Reads the file and describes it, the reader's warnings included.
    public init(reading result: MIDIReadResult, source: String) {
        self.init(file: result.file, source: source, warnings: result.warnings)
    }

    public init(file: MIDIFile, source: String, warnings: [String] = []) {
        var warnings = warnings
        let timeline = Timeline(file: file, source: source, warnings: &warnings)

        var tracks: [Track] = []
        var pitched: [Int] = []
        var closedAtEnd = 0
        var zeroLength = 0
        var strayOffs = 0
        var allCounted: [MIDINote] = []
        for (index, track) in file.tracks.enumerated() {
            let pairing = MIDINotes.pair(track, trackIndex: index)
            closedAtEnd += pairing.closedAtEndOfTrackCount
            zeroLength += pairing.zeroLengthNoteCount
            strayOffs += pairing.strayNoteOffCount
            let counted = pairing.notes.filter { !$0.closedAtEndOfTrack }
            allCounted += counted
            pitched += counted.filter { !$0.isDrum }.map { Int($0.key) }
            tracks.append(Track(
                index: index,
                name: track.events.lazy.filter { if case .meta(MIDIMetaType.trackName, _) = $0.message { true } else { false } }
                    .compactMap(\.message.metaText).first,
                eventCount: track.events.count,
                endTick: track.events.map(\.tick).max() ?? 0,
                noteCount: counted.count,
                drumNoteCount: counted.count { $0.isDrum },
                channels: Self.channels(of: counted)))
        }

        var tempos: [Tempo] = []
        var timeSignatures: [TimeSignatureChange] = []
        var keySignatures: [KeySignatureChange] = []
        for (index, track) in file.tracks.enumerated() {
            for event in track.events {
                guard case .meta(let type, let data) = event.message else { continue }
                let at = timeline.position(track: index, tick: event.tick)
                let place = "\(source): track \(index) tick \(event.tick)"
                switch type {
                case MIDIMetaType.tempo:
                    if let microseconds = event.message.microsecondsPerQuarter, microseconds > 0 {
                        tempos.append(Tempo(
                            at: at, microsecondsPerQuarter: microseconds, beatsPerMinute: 60_000_000 / Double(microseconds)))
                    }
                case MIDIMetaType.timeSignature:
                    if let value = event.message.timeSignatureValue {
                        timeSignatures.append(TimeSignatureChange(
                            at: at, numerator: value.numerator, denominator: value.denominator,
                            clocksPerClick: value.clocksPerClick, thirtySecondsPerQuarter: value.thirtySecondsPerQuarter))
                    } else {
                        warnings.append("\(place): time signature with data \(data.map(hex)) is malformed; ignored")
                    }
                case MIDIMetaType.keySignature:
                    if let value = event.message.keySignatureValue {
                        keySignatures.append(KeySignatureChange(
                            at: at, sharps: value.sharps, isMinor: value.isMinor,
                            name: Self.keyName(sharps: value.sharps, isMinor: value.isMinor)))
                    } else {
                        warnings.append("\(place): key signature with data \(data.map(hex)) is malformed; ignored")
                    }
                default:
                    break
                }
            }
        }
        let byTime: (Position, Position) -> Bool = { ($0.seconds, $0.track, $0.tick) < ($1.seconds, $1.track, $1.tick) }

        self.source = source
        format = file.format
        trackCount = file.tracks.count
        switch file.division {
        case .ticksPerQuarter(let ticks):
            ticksPerQuarter = ticks
            smpte = nil
        case .smpte(let framesPerSecond, let ticksPerFrame):
            ticksPerQuarter = nil
            smpte = SMPTE(framesPerSecond: framesPerSecond, ticksPerFrame: ticksPerFrame)
        }
        noteCount = tracks.reduce(0) { $0 + $1.noteCount }
        drumNoteCount = tracks.reduce(0) { $0 + $1.drumNoteCount }
        closedAtEndOfTrackCount = closedAtEnd
        zeroLengthNoteCount = zeroLength
        strayNoteOffCount = strayOffs
        durationTicks = timeline.durationTicks
        durationSeconds = timeline.durationSeconds
        durationBeats = timeline.durationBeats
        pitchRange = PitchRange(of: pitched)
        self.tracks = tracks
        parts = Self.parts(of: file, notes: allCounted, source: source)
        self.tempos = tempos.sorted { byTime($0.at, $1.at) }
        self.timeSignatures = timeSignatures.sorted { byTime($0.at, $1.at) }
        self.keySignatures = keySignatures.sorted { byTime($0.at, $1.at) }
        self.warnings = warnings
    }

    /// The parts import makes of the file; what the layout reports is the import report's
    /// business, so it is not repeated among the reader's warnings.
    private static func parts(of file: MIDIFile, notes: [MIDINote], source: String) -> [Part] {
        var unused = ImportReport()
        let layout = PartLayout(tracks: file.tracks, format: file.format, source: source, report: &unused)
        var keys = [[Int]](repeating: [], count: layout.parts.count)
        for note in notes {
            guard let part = layout.part(of: PartLayout.Source(track: note.track, channel: note.channel & 0x0F)) else { continue }
            keys[part].append(Int(note.key))
        }
        return layout.parts.enumerated().map { index, part in
            let pitches = part.isDrum ? [] : keys[index]
            return Part(
                index: index, name: part.name, program: part.program, programName: GeneralMIDI.programName(part.program),
                channel: (part.channel ?? 0) + 1, isDrum: part.isDrum, noteCount: keys[index].count,
                pitchRange: PitchRange(of: pitches),
                sources: layout.sources[index].map { Part.Source(track: $0.track, channel: Int($0.channel) + 1) })
        }
    }

    private static func channels(of notes: [MIDINote]) -> [Channel] {
        var byChannel: [UInt8: (count: Int, programs: [Int])] = [:]
        for note in notes {
            var entry = byChannel[note.channel] ?? (0, [])
            entry.count += 1
            if !entry.programs.contains(Int(note.program)) { entry.programs.append(Int(note.program)) }
            byChannel[note.channel] = entry
        }
        return byChannel.keys.sorted().map { channel in
            let entry = byChannel[channel]!
            return Channel(channel: Int(channel) + 1, noteCount: entry.count, programs: entry.programs, isDrum: Int(channel) == GeneralMIDI.drumChannel)
        }
    }

    /// Scientific pitch notation: middle C (60) is C4.
    static func pitchName(_ pitch: Int) -> String {
        let names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
        return names[pitch % 12] + String(pitch / 12 - 1)
    }

    static func keyName(sharps: Int, isMinor: Bool) -> String {
        let major = ["Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"]
        let minor = ["Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#", "G#", "D#", "A#"]
        return isMinor ? minor[sharps + 7] + " minor" : major[sharps + 7] + " major"
    }
}

extension MIDIInfo.PitchRange {
    /// Lowest to highest of `pitches`; nil when there are none.
    init?(of pitches: [Int]) {
        guard let lowest = pitches.min(), let highest = pitches.max() else { return nil }
        self.init(
            lowest: lowest, highest: highest, lowestName: MIDIInfo.pitchName(lowest), highestName: MIDIInfo.pitchName(highest))
    }
}

/// Ticks to seconds and beats for every track: one tempo map for formats 0 and 1 (tempo
/// events may sit in any track), and for format 2 one per track, each track starting when
/// the previous one ends.
private struct Timeline {
    var maps: [MIDITempoMap]
    var startSeconds: [Double]
    var startTicks: [Int]
    var ticksPerQuarter: Int?
    var durationTicks: Int
    var durationSeconds: Double

    var durationBeats: Double? { ticksPerQuarter.map { Double(durationTicks) / Double($0) } }

    init(file: MIDIFile, source: String, warnings: inout [String]) {
        if case .ticksPerQuarter(let ticks) = file.division { ticksPerQuarter = ticks } else { ticksPerQuarter = nil }
        func tempoChanges(_ tracks: [(index: Int, track: MIDITrack)]) -> [(tick: Int, microsecondsPerQuarter: Int)] {
            tracks.flatMap { index, track in
                track.events.compactMap { event -> (tick: Int, microsecondsPerQuarter: Int)? in
                    guard case .meta(MIDIMetaType.tempo, let data) = event.message else { return nil }
                    guard let microseconds = event.message.microsecondsPerQuarter, microseconds > 0 else {
                        warnings.append("\(source): track \(index) tick \(event.tick): tempo with data \(data.map(hex)) is malformed; ignored")
                        return nil
                    }
                    return (event.tick, microseconds)
                }
            }
        }
        let endTicks = file.tracks.map { $0.events.map(\.tick).max() ?? 0 }
        let indexed = Array(file.tracks.enumerated()).map { (index: $0.offset, track: $0.element) }
        if file.format == 2 {
            maps = indexed.map { MIDITempoMap(division: file.division, changes: tempoChanges([$0])) }
            var seconds = 0.0
            var ticks = 0
            startSeconds = []
            startTicks = []
            for (map, end) in zip(maps, endTicks) {
                startSeconds.append(seconds)
                startTicks.append(ticks)
                seconds += map.seconds(atTick: end)
                ticks += end
            }
            durationTicks = ticks
            durationSeconds = seconds
        } else {
            let map = MIDITempoMap(division: file.division, changes: tempoChanges(indexed))
            maps = Array(repeating: map, count: file.tracks.count)
            startSeconds = Array(repeating: 0, count: file.tracks.count)
            startTicks = Array(repeating: 0, count: file.tracks.count)
            durationTicks = endTicks.max() ?? 0
            durationSeconds = map.seconds(atTick: durationTicks)
        }
    }

    func position(track: Int, tick: Int) -> MIDIInfo.Position {
        MIDIInfo.Position(
            track: track, tick: tick, seconds: startSeconds[track] + maps[track].seconds(atTick: tick),
            beats: ticksPerQuarter.map { Double(startTicks[track] + tick) / Double($0) })
    }
}
