/// How a score becomes a Standard MIDI File: format 1 at 480 ticks per quarter; track 0 holds
/// tempo, meter, key and the title; the seed and the generated notes go on their own named
/// tracks ("Seed", "NeuraScore") with a program change each, and a text event records what
/// reproduces the take. The files open in strict readers (mido, pretty_midi) and in DAWs.
public struct ExportOptions: Hashable, Sendable {
    /// General MIDI program (0–127) of the seed track; 0 is the acoustic grand piano.
    public var seedProgram: Int
    /// General MIDI program of the generated track.
    public var generatedProgram: Int
    /// Name of the conductor track (track 0).
    public var title: String
    /// What reproduces the take (model, style, temperature, top-p, RNG seed, version…),
    /// written as one text event as `key=value` pairs sorted by key.
    public var takeInfo: [String: String]

    public init(seedProgram: Int = 0, generatedProgram: Int = 0, title: String = "NeuraScore", takeInfo: [String: String] = [:]) {
        self.seedProgram = seedProgram
        self.generatedProgram = generatedProgram
        self.title = title
        self.takeInfo = takeInfo
    }

    public static let ticksPerQuarter = 480
    public static let seedTrackName = "Seed"
    public static let generatedTrackName = "NeuraScore"
    public static let drumTrackName = "Drums"
}

extension MIDIFile {
    /// SMF format 1 at 480 PPQ: a conductor track, then "Seed" (the score's notes, one channel
    /// per part), "NeuraScore" (`generated`, if any) and "Drums" (channel 10, if any).
    public init(score: Score, generated: [Note] = [], options: ExportOptions = ExportOptions()) {
        let spq = max(score.stepsPerQuarter, 1)
        let ppq = ExportOptions.ticksPerQuarter
        // Grids that do not divide 480 land on the nearest tick.
        let tick: (Int) -> Int = { step in (2 * step * ppq + spq) / (2 * spq) }
        let lastStep = max(score.length, generated.map(\.end).max() ?? 0)
        let endTick = tick(lastStep)

        var conductor: [MIDIEvent] = [
            MIDIEvent(tick: 0, .text(MIDIMetaType.trackName, options.title)),
            MIDIEvent(tick: 0, .tempo(bpm: score.tempo > 0 ? score.tempo : 120)),
            MIDIEvent(tick: 0, .timeSignature(score.timeSignature)),
            MIDIEvent(tick: 0, .keySignature(score.keySignature)),
        ]
        if !options.takeInfo.isEmpty {
            let info = options.takeInfo.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            conductor.append(MIDIEvent(tick: 0, .text(MIDIMetaType.text, info)))
        }
        conductor.append(MIDIEvent(tick: endTick, .meta(type: MIDIMetaType.endOfTrack, data: [])))

        var tracks = [MIDITrack(events: conductor)]
        tracks.append(NoteTrackBuilder.track(
            name: ExportOptions.seedTrackName, notes: score.notes, program: options.seedProgram,
            channel: NoteTrackBuilder.pitchedChannel(forPart:), tick: tick, endTick: endTick))
        if !generated.isEmpty {
            tracks.append(NoteTrackBuilder.track(
                name: ExportOptions.generatedTrackName, notes: generated, program: options.generatedProgram,
                channel: NoteTrackBuilder.pitchedChannel(forPart:), tick: tick, endTick: endTick))
        }
        if !score.drums.isEmpty {
            tracks.append(NoteTrackBuilder.track(
                name: ExportOptions.drumTrackName, notes: score.drums, program: nil,
                channel: { _ in NoteCollector.drumChannel }, tick: tick, endTick: endTick))
        }
        self.init(format: 1, division: .ticksPerQuarter(ppq), tracks: tracks)
    }
}

enum NoteTrackBuilder {
    /// Part n plays on channel n, skipping the drum channel; parts past 15 share channels.
    static func pitchedChannel(forPart part: Int) -> UInt8 {
        let slot = ((part % 15) + 15) % 15
        return UInt8(slot < 9 ? slot : slot + 1)
    }

    static func track(
        name: String, notes: [Note], program: Int?, channel: (Int) -> UInt8, tick: (Int) -> Int, endTick: Int
    ) -> MIDITrack {
        struct Timed {
            var tick: Int
            var isOn: Bool
            var message: MIDIMessage
        }
        var channelsUsed = Set<UInt8>()
        var timed: [Timed] = []
        let byKey = Dictionary(grouping: notes) { (note: Note) in
            Int(channel(note.part)) << 8 | min(max(note.pitch, 0), 127)
        }
        for (key, group) in byKey {
            let channelNumber = UInt8(key >> 8)
            let pitch = UInt8(key & 0xFF)
            channelsUsed.insert(channelNumber)
            let ordered = group.sorted { ($0.start, -$0.length) < ($1.start, -$1.length) }
            for (index, note) in ordered.enumerated() {
                let onTick = tick(note.start)
                // A key can hold one note per channel: a note still sounding when the next one
                // of its key starts is ended there, so FIFO-pairing readers see what we meant.
                if index > 0 && tick(ordered[index - 1].start) == onTick { continue }
                var offTick = max(tick(note.end), onTick + 1)
                if index + 1 < ordered.count { offTick = min(offTick, tick(ordered[index + 1].start)) }
                let velocity = UInt8(min(max(note.velocity, 1), 127))
                timed.append(Timed(tick: onTick, isOn: true, message: .noteOn(channel: channelNumber, key: pitch, velocity: velocity)))
                timed.append(Timed(tick: offTick, isOn: false, message: .noteOff(channel: channelNumber, key: pitch, velocity: 0)))
            }
        }
        // Offs before ons at the same tick; the rest by pitch and channel, so output is deterministic.
        timed.sort { a, b in
            func key(_ event: Timed) -> (Int, Int, Int) {
                switch event.message {
                case .noteOn(let c, let k, _), .noteOff(let c, let k, _): return (event.isOn ? 1 : 0, Int(k), Int(c))
                default: return (0, 0, 0)
                }
            }
            return (a.tick, key(a).0, key(a).1, key(a).2) < (b.tick, key(b).0, key(b).1, key(b).2)
        }
        var events = [MIDIEvent(tick: 0, .text(MIDIMetaType.trackName, name))]
        if let program {
            let programNumber = UInt8(min(max(program, 0), 127))
            for channelNumber in channelsUsed.sorted() {
                events.append(MIDIEvent(tick: 0, .programChange(channel: channelNumber, program: programNumber)))
            }
        }
        events.append(contentsOf: timed.map { MIDIEvent(tick: $0.tick, $0.message) })
        events.append(MIDIEvent(tick: max(endTick, timed.last?.tick ?? 0), .meta(type: MIDIMetaType.endOfTrack, data: [])))
        return MIDITrack(events: events)
    }
}
