/// Turns one MTrk chunk into events with absolute ticks.
///
/// Running status is read as mido and pretty_midi read it, so that a file they open opens
/// here with the same events. A channel message's status byte sets it and a data byte in status
/// position reuses it. The SMF rule has sysex (F0, F7) and meta (FF) events cancel it; mido
/// instead lets a meta event leave it as it was, and makes a sysex or escape the running
/// status, so that a data byte after one starts another such event (the byte itself dropped).
/// Files written by the rule read the same either way; a file that relies on mido's reading is
/// damaged by the rule's measure, so each track that does gets a warning naming the first such
/// byte and its offset. A data byte before any status byte in its track stays an error, as it
/// is in mido.
enum MIDITrackParser {
    static func parse(_ cursor: inout MIDIByteCursor, index: Int, warnings: inout [String]) throws(MIDIError) -> MIDITrack {
        let source = cursor.source
        var events: [MIDIEvent] = []
        var tick = 0
        var runningStatus: UInt8?
        // Where the first meta event since the last status byte began: by the SMF rule it ended running status.
        var cancellingMetaOffset: Int?
        var repairs = RunningStatusRepairs(source: source, track: index)
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
                if running >= 0xF0 {
                    repairs.note(.afterSysex(running), byte: status, at: statusOffset)
                } else {
                    if let metaOffset = cancellingMetaOffset {
                        repairs.note(.afterMeta(running, metaOffset: metaOffset), byte: status, at: statusOffset)
                    }
                    firstDataByte = status
                }
                status = running
            }

            switch status {
            case 0x80...0xEF:
                runningStatus = status
                cancellingMetaOffset = nil
                let message = try channelMessage(status: status, firstDataByte: firstDataByte, &cursor)
                events.append(MIDIEvent(tick: tick, message))
            case 0xF0, 0xF7:
                runningStatus = status
                cancellingMetaOffset = nil
                let data = try lengthPrefixedData(&cursor, event: status == 0xF0 ? "sysex (F0)" : "escape (F7)", eventOffset: statusOffset)
                events.append(MIDIEvent(tick: tick, status == 0xF0 ? .sysex(data) : .escape(data)))
            case 0xFF:
                if runningStatus != nil && cancellingMetaOffset == nil { cancellingMetaOffset = statusOffset }
                let type = try cursor.readByte("a meta event's type")
                let data = try lengthPrefixedData(&cursor, event: "meta \(hex(type))", eventOffset: statusOffset)
                events.append(MIDIEvent(tick: tick, .meta(type: type, data: data)))
                if type == MIDIMetaType.endOfTrack { endedProperly = true }
            default:
                throw .unsupportedStatus(source: source, offset: statusOffset, byte: status)
            }
            if endedProperly { break }
        }

        warnings += repairs.warnings
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

    static func channelMessageName(_ kind: UInt8) -> String {
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

/// The data bytes of one track that only mido's running status makes sense of: counted by
/// kind, with the first of each kind described by its offset, so a file that does this on
/// every bar gives two warnings rather than thousands.
private struct RunningStatusRepairs {
    enum Kind: Hashable {
        /// A channel status from before a meta event, which the SMF rule says ended it.
        case afterMeta(UInt8, metaOffset: Int)
        /// A sysex (F0) or escape (F7) as the running status: mido reads another such event.
        case afterSysex(UInt8)

        var isAfterMeta: Bool { if case .afterMeta = self { true } else { false } }
    }

    let source: String
    let track: Int
    private var first: [Bool: (kind: Kind, byte: UInt8, offset: Int)] = [:]
    private var counts: [Bool: Int] = [:]

    init(source: String, track: Int) {
        self.source = source
        self.track = track
    }

    mutating func note(_ kind: Kind, byte: UInt8, at offset: Int) {
        counts[kind.isAfterMeta, default: 0] += 1
        if first[kind.isAfterMeta] == nil { first[kind.isAfterMeta] = (kind, byte, offset) }
    }

    var warnings: [String] {
        [true, false].compactMap { key in
            guard let (kind, byte, offset) = first[key], let count = counts[key] else { return nil }
            let reading: String
            switch kind {
            case .afterMeta(let status, let metaOffset):
                reading = "after the meta event at byte \(metaOffset), which ends running status in the SMF rule; read as a \(MIDITrackParser.channelMessageName(status & 0xF0)) with the running status \(hex(status)) from before it"
            case .afterSysex(let status):
                let name = status == 0xF0 ? "sysex (F0)" : "escape (F7)"
                reading = "after a \(name) event; read, with this byte dropped, as another \(name) event"
            }
            let more = count > 1 ? "; \(count - 1) more such byte\(count == 2 ? "" : "s") in track \(track) read the same way" : ""
            return "\(source): byte \(offset): data byte \(hex(byte)) where a status byte is needed, \(reading), as mido and pretty_midi do\(more)"
        }
    }
}
