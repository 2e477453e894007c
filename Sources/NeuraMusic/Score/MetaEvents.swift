/// Decoding and encoding of the few meta events that carry musical meaning (SMF 1.0, "Meta-Events").
enum MetaEventType {
    static let text: UInt8 = 0x01
    static let trackName: UInt8 = 0x03
    static let endOfTrack: UInt8 = 0x2F
    static let tempo: UInt8 = 0x51
    static let timeSignature: UInt8 = 0x58
    static let keySignature: UInt8 = 0x59
}

extension MIDIMessage {
    /// Beats per minute from a set-tempo event, nil for anything else or a malformed payload.
    var tempoBPM: Double? {
        guard case .meta(MetaEventType.tempo, let data) = self, data.count >= 3 else { return nil }
        let microsecondsPerQuarter = Int(data[0]) << 16 | Int(data[1]) << 8 | Int(data[2])
        guard microsecondsPerQuarter > 0 else { return nil }
        return 60_000_000 / Double(microsecondsPerQuarter)
    }

    var timeSignature: TimeSignature? {
        guard case .meta(MetaEventType.timeSignature, let data) = self, data.count >= 2,
              data[0] > 0, data[1] < 8 else { return nil }
        return TimeSignature(Int(data[0]), 1 << Int(data[1]))
    }

    var keySignature: KeySignature? {
        guard case .meta(MetaEventType.keySignature, let data) = self, data.count >= 2 else { return nil }
        let sharps = Int(Int8(bitPattern: data[0]))
        guard (-7...7).contains(sharps) else { return nil }
        return KeySignature(sharps: sharps, isMinor: data[1] == 1)
    }

    var trackName: String? {
        guard case .meta(MetaEventType.trackName, let data) = self else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The channel of a channel-voice message; nil for sysex and meta events.
    var channel: UInt8? {
        switch self {
        case .noteOff(let channel, _, _), .noteOn(let channel, _, _), .polyPressure(let channel, _, _),
             .controlChange(let channel, _, _), .programChange(let channel, _), .channelPressure(let channel, _),
             .pitchBend(let channel, _):
            return channel
        case .sysex, .escape, .meta:
            return nil
        }
    }

    static func tempo(bpm: Double) -> MIDIMessage {
        let micro = min(max(Int((60_000_000 / bpm).rounded()), 1), 0xFF_FFFF)
        return .meta(type: MetaEventType.tempo, data: [UInt8(micro >> 16), UInt8(micro >> 8 & 0xFF), UInt8(micro & 0xFF)])
    }

    /// Denominators that are not powers of two cannot be stored; the nearest power below is written.
    static func timeSignature(_ signature: TimeSignature) -> MIDIMessage {
        var exponent = 0
        while exponent < 7 && (1 << (exponent + 1)) <= signature.denominator { exponent += 1 }
        let numerator = UInt8(clamping: max(signature.numerator, 1))
        return .meta(type: MetaEventType.timeSignature, data: [numerator, UInt8(exponent), 24, 8])
    }

    static func keySignature(_ key: KeySignature) -> MIDIMessage {
        let sharps = Int8(min(max(key.sharps, -7), 7))
        return .meta(type: MetaEventType.keySignature, data: [UInt8(bitPattern: sharps), key.isMinor ? 1 : 0])
    }

    static func text(_ type: UInt8, _ string: String) -> MIDIMessage {
        .meta(type: type, data: Array(string.utf8))
    }
}
