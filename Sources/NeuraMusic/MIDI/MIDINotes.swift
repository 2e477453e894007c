/// A note-on paired with the note-off that ends it, in the ticks of its own track.
public struct MIDINote: Equatable, Sendable {
    public var track: Int
    /// 0-based; 9 is the General MIDI drum channel.
    public var channel: UInt8
    public var key: UInt8
    public var velocity: UInt8
    public var startTick: Int
    public var endTick: Int
    /// The program in effect on this channel of this track when the note began (0 when none was set).
    public var program: UInt8
    /// True when no note-off came and the note was ended at the track's end-of-track.
    public var closedAtEndOfTrack: Bool

    public var isDrum: Bool { Int(channel) == GeneralMIDI.drumChannel }
}

/// The notes of one track and what pairing could not turn into a note.
public struct MIDINotePairing: Equatable, Sendable {
    public var notes: [MIDINote]
    /// Note-ons whose only note-off came at the same tick: they never sound, so they are
    /// counted here instead of becoming notes (pretty_midi drops them too).
    public var zeroLengthNoteCount: Int
    /// Note-offs with no sounding note of their key and channel.
    public var strayNoteOffCount: Int

    public var closedAtEndOfTrackCount: Int { notes.count { $0.closedAtEndOfTrack } }
}

/// Pairs note-ons with note-offs the way a synthesiser hears them, and the way pretty_midi
/// counts them.
///
/// A note-off (or a note-on with velocity 0) ends every sounding note of its key and
/// channel that began before it, as synthesisers release every voice of the key (this is
/// pretty_midi's rule too, not first-in first-out). Notes that began at the note-off's own
/// tick keep sounding when an earlier note was ended, because sequencers that sort a
/// tick's note-ons before its note-offs mean the note-off for the earlier note. Notes with
/// no note-off are ended at the end of the track and flagged; pretty_midi drops those.
public enum MIDINotes {
    public static func pair(_ track: MIDITrack, trackIndex: Int) -> MIDINotePairing {
        struct Sounding {
            var tick: Int
            var velocity: UInt8
            var program: UInt8
        }
        var programs = [UInt8](repeating: 0, count: 16)
        // One list of sounding notes per (channel, key): 16 × 128 slots.
        var sounding = [[Sounding]](repeating: [], count: 16 * 128)
        var notes: [MIDINote] = []
        var zeroLength = 0
        var strayOffs = 0

        func slot(_ channel: UInt8, _ key: UInt8) -> Int { Int(channel & 0x0F) << 7 | Int(key & 0x7F) }
        func note(_ channel: UInt8, _ key: UInt8, _ started: Sounding, endTick: Int, atEnd: Bool) -> MIDINote {
            MIDINote(
                track: trackIndex, channel: channel, key: key, velocity: started.velocity, startTick: started.tick,
                endTick: endTick, program: started.program, closedAtEndOfTrack: atEnd)
        }
        func end(_ channel: UInt8, _ key: UInt8, at tick: Int) {
            let index = slot(channel, key)
            let open = sounding[index]
            guard !open.isEmpty else {
                strayOffs += 1
                return
            }
            var beganNow: [Sounding] = []
            var endedAny = false
            for started in open {
                if started.tick == tick {
                    beganNow.append(started)
                } else {
                    notes.append(note(channel, key, started, endTick: tick, atEnd: false))
                    endedAny = true
                }
            }
            if !endedAny { zeroLength += beganNow.count }
            sounding[index] = endedAny ? beganNow : []
        }

        for event in track.events {
            switch event.message {
            case .programChange(let channel, let program):
                programs[Int(channel & 0x0F)] = program
            case .noteOn(let channel, let key, let velocity) where velocity > 0:
                sounding[slot(channel, key)].append(
                    Sounding(tick: event.tick, velocity: velocity, program: programs[Int(channel & 0x0F)]))
            case .noteOn(let channel, let key, _), .noteOff(let channel, let key, _):
                end(channel, key, at: event.tick)
            default:
                break
            }
        }

        let trackEnd = track.events.map(\.tick).max() ?? 0
        for (index, open) in sounding.enumerated() {
            let channel = UInt8(index >> 7)
            let key = UInt8(index & 0x7F)
            for started in open {
                if started.tick < trackEnd {
                    notes.append(note(channel, key, started, endTick: trackEnd, atEnd: true))
                } else {
                    zeroLength += 1
                }
            }
        }
        notes.sort { ($0.startTick, $0.key, $0.channel) < ($1.startTick, $1.key, $1.channel) }
        return MIDINotePairing(notes: notes, zeroLengthNoteCount: zeroLength, strayNoteOffCount: strayOffs)
    }
}
