/// Turns one MTrk chunk into events with absolute ticks.
///
/// Running status follows the SMF rule as midly spells it out: a channel message's status
/// byte sets it and a data byte in status position reuses it; sysex (F0, F7) and meta (FF)
/// events cancel it, so a data byte after them is an error rather than a guess.
enum MIDITrackParser {
    static func parse(_ cursor: inout MIDIByteCursor, index: Int, warnings: inout [String]) throws(MIDIError) -> MIDITrack {
        let source = cursor.source
        var events: [MIDIEvent] = []
        var tick = 0
        var runningStatus: UInt8?
        var endedProperly = false

        while !cursor.isAtEnd {
            tick += try cursor.readVariableLengthQuantity("a delta time")
            let statusOffset = cursor.offset
            var status = try cursor.readByte("an event after its delta time")
            var firstDataByte: UInt8?
            if status < 0x80 {
                guard let running = runningStatus else {
                    throw .runningStatusWithoutStatus(source: source, offset: statusOffset, byte: status)
                }
                firstDataByte = status
                status = running
            }

            switch status {
            case 0x80...0xEF:
                runningStatus = status
                let message = try channelMessage(status: status, firstDataByte: firstDataByte, &cursor)
                events.append(MIDIEvent(tick: tick, message))
            case 0xF0, 0xF7:
                runningStatus = nil
                let data = try lengthPrefixedData(&cursor, event: status == 0xF0 ? "sysex (F0)" : "escape (F7)", eventOffset: statusOffset)
                events.append(MIDIEvent(tick: tick, status == 0xF0 ? .sysex(data) : .escape(data)))
            case 0xFF:
                runningStatus = nil
                let type = try cursor.readByte("a meta event's type")
                let data = try lengthPrefixedData(&cursor, event: "meta \(hex(type))", eventOffset: statusOffset)
                events.append(MIDIEvent(tick: tick, .meta(type: type, data: data)))
                if type == MIDIMetaType.endOfTrack { endedProperly = true }
            default:
                throw .unsupportedStatus(source: source, offset: statusOffset, byte: status)
            }
            if endedProperly { break }
        }

        if !endedProperly {
            warnings.append("\(source): byte \(cursor.offset): track \(index) has no end-of-track event; it ends at its last event (tick \(tick))")
            events.append(MIDIEvent(tick: tick, .meta(type: MIDIMetaType.endOfTrack, data: [])))
        } else if cursor.remaining > 0 {
            warnings.append("\(source): byte \(cursor.offset): \(cursor.remaining) bytes after the end-of-track event of track \(index) ignored")
        }
        return MIDITrack(events: events)
    }

    private static func channelMessage(
        status: UInt8, firstDataByte: UInt8?, _ cursor: inout MIDIByteCursor
    ) throws(MIDIError) -> MIDIMessage {
        let channel = status & 0x0F
        let kind = status & 0xF0
        func dataByte() throws(MIDIError) -> UInt8 {
            let byteOffset = cursor.offset
            let byte = try cursor.readByte("a \(channelMessageName(kind)) message")
            guard byte < 0x80 else { throw .invalidDataByte(source: cursor.source, offset: byteOffset, byte: byte) }
            return byte
        }
        let first: UInt8
        if let firstDataByte { first = firstDataByte } else { first = try dataByte() }
        let second: UInt8 = (kind == 0xC0 || kind == 0xD0) ? 0 : try dataByte()
        switch kind {
        case 0x80: return .noteOff(channel: channel, key: first, velocity: second)
        case 0x90: return .noteOn(channel: channel, key: first, velocity: second)
        case 0xA0: return .polyPressure(channel: channel, key: first, pressure: second)
        case 0xB0: return .controlChange(channel: channel, controller: first, value: second)
        case 0xC0: return .programChange(channel: channel, program: first)
        case 0xD0: return .channelPressure(channel: channel, pressure: first)
        default: return .pitchBend(channel: channel, value: UInt16(first) | UInt16(second) << 7)
        }
    }

    private static func channelMessageName(_ kind: UInt8) -> String {
        switch kind {
        case 0x80: return "note-off"
        case 0x90: return "note-on"
        case 0xA0: return "poly pressure"
        case 0xB0: return "control change"
        case 0xC0: return "program change"
        case 0xD0: return "channel pressure"
        default: return "pitch bend"
        }
    }

    /// A VLQ length and that many bytes, checked against the chunk before anything is copied.
    private static func lengthPrefixedData(
        _ cursor: inout MIDIByteCursor, event: String, eventOffset: Int
    ) throws(MIDIError) -> [UInt8] {
        let length = try cursor.readVariableLengthQuantity("the length of a \(event) event")
        guard length <= cursor.remaining else {
            throw .eventLengthPastChunkEnd(
                source: cursor.source, offset: eventOffset, event: event, declared: length, available: cursor.remaining)
        }
        return try cursor.readBytes(length, "a \(event) event")
    }
}
