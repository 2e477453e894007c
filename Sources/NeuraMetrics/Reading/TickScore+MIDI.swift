import NeuraMusic

extension TickScore {
    /// Reads the notes the way MusPy 0.5.0's `read_midi` does (its mido backend with the
    /// default first-in first-out pairing), so that metrics computed here match MusPy's:
    ///
    /// - A note-off (or a note-on of velocity 0) ends the earliest sounding note of its channel
    ///   and key; a note-off with none sounding is ignored.
    /// - A note whose note-off comes on its own tick is kept, with zero length.
    /// - A note still sounding at the end of its track ends at the track's end-of-track.
    /// - A note belongs to the track of (file track, channel, program), the program being the
    ///   one in force when the note *ended*. Control changes open such a track too, and their
    ///   ticks count towards its end.
    /// - Channel 10 (index 9) is drums.
    ///
    /// MusPy refuses format 2 files and SMPTE time; here format 2 tracks are laid one after
    /// another as the rest of NeuraScore reads them, and an SMPTE file has no ticks per quarter.
    public init(midi: MIDIFile) {
        switch midi.division {
        case .ticksPerQuarter(let ticks): ticksPerQuarter = ticks
        case .smpte: ticksPerQuarter = nil
        }
        tracks = []
        timeSignatures = []
        keySignatures = []
        let fileTracks = midi.format == 2 ? Self.laidEndToEnd(midi.tracks) : midi.tracks
        for (index, track) in fileTracks.enumerated() {
            var reader = TrackReader(sourceTrack: index)
            for event in track.events {
                if event.message.isEndOfTrack { break }
                reader.read(event)
                if let value = event.message.timeSignatureValue {
                    timeSignatures.append(Timed(tick: event.tick, value: TimeSignature(value.numerator, value.denominator)))
                }
                if let value = event.message.keySignatureValue {
                    keySignatures.append(Timed(tick: event.tick, value: KeySignature(sharps: value.sharps, isMinor: value.isMinor)))
                }
            }
            tracks += reader.finished(at: track.events.last?.tick ?? 0)
        }
    }

    /// Format 2 sequences one after another: each starts where the previous one ended.
    private static func laidEndToEnd(_ tracks: [MIDITrack]) -> [MIDITrack] {
        var offset = 0
        return tracks.map { track in
            let shifted = MIDITrack(events: track.events.map { MIDIEvent(tick: $0.tick + offset, $0.message) })
            offset = shifted.events.last?.tick ?? offset
            return shifted
        }
    }
}

/// MusPy's pairing of note-ons and note-offs within one file track.
private struct TrackReader {
    private struct Sounding {
        var tick: Int
        var velocity: Int
    }

    private struct TrackKey: Hashable {
        var program: Int
        var channel: Int
    }

    let sourceTrack: Int
    private var programs = [Int](repeating: 0, count: 16)
    /// Sounding notes per `channel << 7 | key`, earliest first.
    private var sounding: [Int: [Sounding]] = [:]
    private var tracks: [TickTrack] = []
    private var trackIndex: [TrackKey: Int] = [:]

    init(sourceTrack: Int) { self.sourceTrack = sourceTrack }

    mutating func read(_ event: MIDIEvent) {
        switch event.message {
        case .programChange(let channel, let program):
            programs[Int(channel & 0x0F)] = Int(program)
        case .noteOn(let channel, let key, let velocity) where velocity > 0:
            sounding[slot(channel, key), default: []].append(Sounding(tick: event.tick, velocity: Int(velocity)))
        case .noteOn(let channel, let key, _), .noteOff(let channel, let key, _):
            let index = slot(channel, key)
            guard var queue = sounding[index], !queue.isEmpty else { return }
            let started = queue.removeFirst()
            sounding[index] = queue
            add(TickNote(pitch: Int(key), start: started.tick, end: event.tick, velocity: started.velocity),
                channel: Int(channel & 0x0F))
        case .controlChange(let channel, _, _):
            let track = self.track(channel: Int(channel & 0x0F))
            tracks[track].controlChangeTicks.append(event.tick)
        default:
            break
        }
    }

    /// Ends what still sounds at `endTick` and returns the tracks with their notes in MusPy's order.
    mutating func finished(at endTick: Int) -> [TickTrack] {
        for index in sounding.keys.sorted() {
            for started in sounding[index] ?? [] {
                add(TickNote(pitch: index & 0x7F, start: started.tick, end: endTick, velocity: started.velocity),
                    channel: index >> 7)
            }
        }
        sounding = [:]
        return tracks.map { track in
            var sorted = track
            sorted.notes.sort {
                ($0.start, $0.pitch, $0.end - $0.start, $0.velocity) < ($1.start, $1.pitch, $1.end - $1.start, $1.velocity)
            }
            return sorted
        }
    }

    private func slot(_ channel: UInt8, _ key: UInt8) -> Int { Int(channel & 0x0F) << 7 | Int(key & 0x7F) }

    private mutating func add(_ note: TickNote, channel: Int) {
        tracks[track(channel: channel)].notes.append(note)
    }

    /// The track of this channel under its current program, opened on first use.
    private mutating func track(channel: Int) -> Int {
        let key = TrackKey(program: programs[channel], channel: channel)
        if let index = trackIndex[key] { return index }
        tracks.append(TickTrack(sourceTrack: sourceTrack, channel: channel, program: key.program, notes: [], controlChangeTicks: []))
        trackIndex[key] = tracks.count - 1
        return tracks.count - 1
    }
}
