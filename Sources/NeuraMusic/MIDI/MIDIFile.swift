/// A Standard MIDI File as it is on disk: tracks of timed events, nothing interpreted yet.
/// `MIDIReader` fills it from bytes, `MIDIWriter` turns it back into bytes, and the
/// quantiser (`Score(midi:)`) is where musical meaning starts.
public struct MIDIFile: Equatable, Sendable {
    public enum Division: Equatable, Sendable {
        case ticksPerQuarter(Int)
        /// SMPTE time: frames per second (24, 25, 29 for 30-drop, 30) and ticks per frame.
        case smpte(framesPerSecond: Int, ticksPerFrame: Int)
    }

    /// 0 (one track), 1 (simultaneous tracks) or 2 (independent sequences).
    public var format: Int
    public var division: Division
    public var tracks: [MIDITrack]

    public init(format: Int, division: Division, tracks: [MIDITrack]) {
        self.format = format
        self.division = division
        self.tracks = tracks
    }
}

public struct MIDITrack: Equatable, Sendable {
    /// Events in file order; `tick` is absolute (delta times already summed).
    public var events: [MIDIEvent]

    public init(events: [MIDIEvent] = []) { self.events = events }
}

public struct MIDIEvent: Equatable, Sendable {
    public var tick: Int
    public var message: MIDIMessage

    public init(tick: Int, _ message: MIDIMessage) {
        self.tick = tick
        self.message = message
    }
}

/// Channels are 0-based (channel 10 of the GM drum kit is 9).
public enum MIDIMessage: Equatable, Sendable {
    case noteOff(channel: UInt8, key: UInt8, velocity: UInt8)
    case noteOn(channel: UInt8, key: UInt8, velocity: UInt8)
    case polyPressure(channel: UInt8, key: UInt8, pressure: UInt8)
    case controlChange(channel: UInt8, controller: UInt8, value: UInt8)
    case programChange(channel: UInt8, program: UInt8)
    case channelPressure(channel: UInt8, pressure: UInt8)
    /// 14-bit value, 8192 is centre.
    case pitchBend(channel: UInt8, value: UInt16)
    /// F0 sysex; `data` excludes the F0 byte and the length.
    case sysex([UInt8])
    /// F7 escape / sysex continuation packet.
    case escape([UInt8])
    case meta(type: UInt8, data: [UInt8])
}
