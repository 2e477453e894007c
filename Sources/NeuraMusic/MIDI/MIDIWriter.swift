import Foundation

/// Writes a `MIDIFile` as a Standard MIDI File, in the format and division it names.
///
/// Every status byte is written (no running status), so strict readers never have to
/// guess. Events are written in tick order (a stable sort, so events already in order keep
/// their file order). End-of-track events inside a track are dropped and one is written
/// after the last event, at the latest end-of-track tick given. Values wider than their
/// field (a channel over 15, a data byte over 127) are masked to the field's bits.
public enum MIDIWriter {
    /// The largest delta time a variable-length quantity holds.
    static let maximumDelta = 0x0FFF_FFFF

    public static func bytes(for file: MIDIFile) -> [UInt8] {
        var out: [UInt8] = Array("MThd".utf8)
        appendUInt32(6, to: &out)
        appendUInt16(file.format, to: &out)
        appendUInt16(file.tracks.count, to: &out)
        switch file.division {
        case .ticksPerQuarter(let ticks):
            appendUInt16(ticks & 0x7FFF, to: &out)
        case .smpte(let framesPerSecond, let ticksPerFrame):
            out.append(UInt8(bitPattern: Int8(truncatingIfNeeded: -framesPerSecond)))
            out.append(UInt8(truncatingIfNeeded: ticksPerFrame))
        }
        for track in file.tracks {
            let body = trackBytes(track)
            out += Array("MTrk".utf8)
            appendUInt32(body.count, to: &out)
            out += body
        }
        return out
    }

    /// Atomic: the file appears complete or not at all (see `AtomicFile`).
    public static func write(_ file: MIDIFile, to url: URL) throws(AtomicFileError) {
        try AtomicFile.write(bytes(for: file), to: url)
    }

    static func trackBytes(_ track: MIDITrack) -> [UInt8] {
        let endTick = max(track.events.map(\.tick).max() ?? 0, 0)
        var ordered = track.events.filter { !$0.message.isEndOfTrack }
        if zip(ordered, ordered.dropFirst()).contains(where: { $0.tick > $1.tick }) {
            ordered = ordered.enumerated()
                .sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
                .map(\.element)
        }
        ordered.append(MIDIEvent(tick: endTick, .endOfTrack))
        var out: [UInt8] = []
        out.reserveCapacity(ordered.count * 4)
        var previousTick = 0
        for event in ordered {
            var delta = max(0, event.tick - previousTick)
            // A gap too long for one delta is bridged with empty text events, the only
            // events that change nothing for any reader.
            while delta > maximumDelta {
                appendVariableLengthQuantity(maximumDelta, to: &out)
                out.append(0xFF)
                out.append(MIDIMetaType.text)
                out.append(0x00)
                delta -= maximumDelta
            }
            appendVariableLengthQuantity(delta, to: &out)
            appendMessage(event.message, to: &out)
            previousTick = max(previousTick, event.tick)
        }
        return out
    }

    static func appendMessage(_ message: MIDIMessage, to out: inout [UInt8]) {
        func channelMessage(_ kind: UInt8, _ channel: UInt8, _ first: UInt8, _ second: UInt8? = nil) {
            out.append(kind | channel & 0x0F)
            out.append(first & 0x7F)
            if let second { out.append(second & 0x7F) }
        }
        func lengthPrefixed(_ data: [UInt8]) {
            appendVariableLengthQuantity(data.count, to: &out)
            out.append(contentsOf: data)
        }
        switch message {
        case .noteOff(let channel, let key, let velocity): channelMessage(0x80, channel, key, velocity)
        case .noteOn(let channel, let key, let velocity): channelMessage(0x90, channel, key, velocity)
        case .polyPressure(let channel, let key, let pressure): channelMessage(0xA0, channel, key, pressure)
        case .controlChange(let channel, let controller, let value): channelMessage(0xB0, channel, controller, value)
        case .programChange(let channel, let program): channelMessage(0xC0, channel, program)
        case .channelPressure(let channel, let pressure): channelMessage(0xD0, channel, pressure)
        case .pitchBend(let channel, let value):
            channelMessage(0xE0, channel, UInt8(value & 0x7F), UInt8(value >> 7 & 0x7F))
        case .sysex(let data):
            out.append(0xF0)
            lengthPrefixed(data)
        case .escape(let data):
            out.append(0xF7)
            lengthPrefixed(data)
        case .meta(let type, let data):
            out.append(0xFF)
            out.append(type)
            lengthPrefixed(data)
        }
    }

    static func appendVariableLengthQuantity(_ value: Int, to out: inout [UInt8]) {
        let value = min(max(value, 0), maximumDelta)
        // Groups of 7 bits, most significant first, all but the last with the high bit set.
        var shift = 21
        while shift > 0 && value >> shift == 0 { shift -= 7 }
        while shift > 0 {
            out.append(UInt8(value >> shift & 0x7F) | 0x80)
            shift -= 7
        }
        out.append(UInt8(value & 0x7F))
    }

    private static func appendUInt16(_ value: Int, to out: inout [UInt8]) {
        out += [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func appendUInt32(_ value: Int, to out: inout [UInt8]) {
        out += [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
