/// One note track of an export: the track name, a program change, and the notes as note-on
/// and note-off pairs on one channel.
enum NoteTrackBuilder {
    static func track(
        name: String, notes: [Note], program: Int?, channel: UInt8, tick: (Int) -> Int, endTick: Int
    ) -> MIDITrack {
        struct Timed {
            var tick: Int
            var isOn: Bool
            var message: MIDIMessage
        }
        var timed: [Timed] = []
        let byKey = Dictionary(grouping: notes) { min(max($0.pitch, 0), 127) }
        for (pitch, group) in byKey {
            let key = UInt8(pitch)
            let ordered = group.sorted { ($0.start, -$0.length) < ($1.start, -$1.length) }
            for (index, note) in ordered.enumerated() {
                let onTick = tick(note.start)
                // A key can hold one note per channel: a note still sounding when the next one
                // of its key starts is ended there, so FIFO-pairing readers see what we meant.
                if index > 0 && tick(ordered[index - 1].start) == onTick { continue }
                var offTick = max(tick(note.end), onTick + 1)
                if index + 1 < ordered.count { offTick = min(offTick, tick(ordered[index + 1].start)) }
                let velocity = UInt8(min(max(note.velocity, 1), 127))
                timed.append(Timed(tick: onTick, isOn: true, message: .noteOn(channel: channel, key: key, velocity: velocity)))
                timed.append(Timed(tick: offTick, isOn: false, message: .noteOff(channel: channel, key: key, velocity: 0)))
            }
        }
        // Offs before ons at the same tick, then by key, so the output is deterministic.
        timed.sort { a, b in
            func key(_ event: Timed) -> Int {
                if case .noteOn(_, let k, _) = event.message { return Int(k) }
                if case .noteOff(_, let k, _) = event.message { return Int(k) }
                return 0
            }
            return (a.tick, a.isOn ? 1 : 0, key(a)) < (b.tick, b.isOn ? 1 : 0, key(b))
        }
        var events = [MIDIEvent(tick: 0, .text(MIDIMetaType.trackName, name))]
        if let program {
            events.append(MIDIEvent(tick: 0, .programChange(channel: channel, program: UInt8(min(max(program, 0), 127)))))
        }
        events.append(contentsOf: timed.map { MIDIEvent(tick: $0.tick, $0.message) })
        events.append(MIDIEvent(tick: max(endTick, timed.last?.tick ?? 0), .meta(type: MIDIMetaType.endOfTrack, data: [])))
        return MIDITrack(events: events)
    }
}
