/// Pairs note-ons with note-offs, track by track, in ticks, keeping each note's track and
/// channel: `PartLayout` decides which part that makes it.
///
/// Pairing is first-in first-out per (channel, key), the order strict readers use, so a file
/// with overlapping same-pitch notes reads here as it does in mido and pretty_midi.
struct NoteCollector {
    struct TimedNote {
        var pitch: Int
        var startTick: Int
        var endTick: Int
        var velocity: Int
        var source: PartLayout.Source

        func quantized(_ toStep: (Int) -> Int, part: Int) -> (note: Note, wasLengthened: Bool) {
            let start = toStep(startTick)
            let end = toStep(endTick)
            let length = max(end - start, 1)
            return (Note(pitch: pitch, start: start, length: length, velocity: velocity, part: part), end <= start)
        }
    }

    private struct ChannelKey: Hashable {
        var channel: UInt8
        var key: UInt8
    }

    let source: String
    private(set) var collected: [TimedNote] = []

    init(source: String) { self.source = source }

    mutating func collect(track: MIDITrack, index: Int, isConductorCandidate: Bool, report: inout ImportReport) {
        var open: [ChannelKey: [(tick: Int, velocity: Int)]] = [:]
        var noteCount = 0
        var strayOffs = 0
        var ignored = 0
        var outOfRange = 0
        var channelEvents = 0
        var offFirstPairs = 0
        // Ticks of note-offs that found no note to end. A note-on of the same key at the same
        // tick is a zero-length note written off-first (music21 writes grace notes so); pairing
        // it FIFO instead would shift every later note of that key by one.
        var strayOffTick: [ChannelKey: Int] = [:]
        let name = track.events.lazy.compactMap(\.message.trackName).first
        let trackEnd = track.events.last?.tick ?? 0

        func close(_ key: ChannelKey, at tick: Int) {
            guard var queue = open[key], !queue.isEmpty else {
                strayOffs += 1
                strayOffTick[key] = tick
                return
            }
            let started = queue.removeFirst()
            open[key] = queue
            noteCount += 1
            add(pitch: Int(key.key), channel: key.channel, start: started.tick, end: tick,
                velocity: started.velocity, track: index)
        }

        for event in track.events {
            if event.message.channel != nil { channelEvents += 1 }
            switch event.message {
            case .noteOn(let channel, let key, let velocity) where velocity > 0:
                guard key < 128 else { outOfRange += 1; continue }
                let channelKey = ChannelKey(channel: channel, key: key)
                if strayOffTick.removeValue(forKey: channelKey) == event.tick {
                    strayOffs -= 1
                    offFirstPairs += 1
                    noteCount += 1
                    add(pitch: Int(key), channel: channel, start: event.tick, end: event.tick,
                        velocity: Int(min(velocity, 127)), track: index)
                    continue
                }
                open[channelKey, default: []].append((event.tick, Int(min(velocity, 127))))
            case .noteOn(let channel, let key, _), .noteOff(let channel, let key, _):
                guard key < 128 else { continue }
                close(ChannelKey(channel: channel, key: key), at: event.tick)
            case .polyPressure, .controlChange, .channelPressure, .pitchBend:
                ignored += 1
            case .programChange, .sysex, .escape, .meta:
                break
            }
        }
        var unterminated = 0
        for key in open.keys.sorted(by: { ($0.channel, $0.key) < ($1.channel, $1.key) }) {
            while let pending = open[key], !pending.isEmpty {
                unterminated += 1
                close(key, at: trackEnd)
            }
        }

        let label = name.map { "\"\($0)\"" } ?? ""
        report.add(.unterminatedNotes, source: source, track: index, count: unterminated, detail: label)
        report.add(.strayNoteOffs, source: source, track: index, count: strayOffs, detail: label)
        report.add(.offFirstNotesPaired, source: source, track: index, count: offFirstPairs, detail: label)
        report.add(.pitchOutOfRange, source: source, track: index, count: outOfRange, detail: "keys above 127")
        report.add(.channelEventsIgnored, source: source, track: index, count: ignored, detail: label)
        let isConductorTrack = isConductorCandidate && channelEvents == 0
        if noteCount == 0 && !isConductorTrack {
            report.add(.emptyTrack, source: source, track: index,
                       detail: [label, "\(track.events.count) event(s), no notes"].filter { !$0.isEmpty }.joined(separator: " "))
        }
    }

    private mutating func add(pitch: Int, channel: UInt8, start: Int, end: Int, velocity: Int, track: Int) {
        collected.append(TimedNote(
            pitch: pitch, startTick: start, endTick: end, velocity: velocity,
            source: PartLayout.Source(track: track, channel: channel & 0x0F)))
    }
}
