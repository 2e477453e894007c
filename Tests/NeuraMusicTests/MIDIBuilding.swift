@testable import NeuraMusic

/// Short hands for MIDI files built in code: each test spells out the events it cares about.
enum MIDIBuilding {
    static func on(_ tick: Int, _ key: UInt8, velocity: UInt8 = 100, channel: UInt8 = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, .noteOn(channel: channel, key: key, velocity: velocity))
    }

    static func off(_ tick: Int, _ key: UInt8, channel: UInt8 = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, .noteOff(channel: channel, key: key, velocity: 64))
    }

    static func end(_ tick: Int) -> MIDIEvent {
        MIDIEvent(tick: tick, .meta(type: 0x2F, data: []))
    }

    static func meta(_ tick: Int, _ message: MIDIMessage) -> MIDIEvent {
        MIDIEvent(tick: tick, message)
    }

    /// Format 1 at 480 PPQ: a conductor track, then one track per event list.
    static func file(conductor: [MIDIEvent] = [end(0)], _ tracks: [MIDIEvent]...) -> MIDIFile {
        MIDIFile(format: 1, division: .ticksPerQuarter(480),
                 tracks: [MIDITrack(events: conductor)] + tracks.map { MIDITrack(events: $0) })
    }
}
