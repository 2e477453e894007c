/// The meta events that carry musical meaning, read as and written from score types. The raw
/// readings (`microsecondsPerQuarter`, `timeSignatureValue`, …) live with the reader in MIDIMeta.swift.
extension MIDIMessage {
    /// Beats per minute from a set-tempo event, nil for anything else or a malformed payload.
    var tempoBPM: Double? {
        guard let microseconds = microsecondsPerQuarter, microseconds > 0 else { return nil }
        return 60_000_000 / Double(microseconds)
    }

    var timeSignature: TimeSignature? {
        guard let value = timeSignatureValue, value.numerator > 0 else { return nil }
        return TimeSignature(value.numerator, value.denominator)
    }

    var keySignature: KeySignature? {
        keySignatureValue.map { KeySignature(sharps: $0.sharps, isMinor: $0.isMinor) }
    }

    var trackName: String? {
        guard case .meta(MIDIMetaType.trackName, _) = self else { return nil }
        return metaText
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
        return .meta(type: MIDIMetaType.tempo, data: [UInt8(micro >> 16), UInt8(micro >> 8 & 0xFF), UInt8(micro & 0xFF)])
    }

    /// Denominators that are not powers of two cannot be stored; the nearest power below is written.
    static func timeSignature(_ signature: TimeSignature) -> MIDIMessage {
        var exponent = 0
        while exponent < 7 && (1 << (exponent + 1)) <= signature.denominator { exponent += 1 }
        let numerator = UInt8(clamping: max(signature.numerator, 1))
        return .meta(type: MIDIMetaType.timeSignature, data: [numerator, UInt8(exponent), 24, 8])
    }

    static func keySignature(_ key: KeySignature) -> MIDIMessage {
        let sharps = Int8(min(max(key.sharps, -7), 7))
        return .meta(type: MIDIMetaType.keySignature, data: [UInt8(bitPattern: sharps), key.isMinor ? 1 : 0])
    }

    /// Text that Latin-1 can hold is written in Latin-1, which mido and pretty_midi (and older
    /// DAWs) read, unless those bytes would read back as UTF-8, the reader's first guess;
    /// anything else (CJK names, say) in UTF-8. Either way `metaText` reads back the string.
    static func text(_ type: UInt8, _ string: String) -> MIDIMessage {
        let scalars = string.unicodeScalars
        if scalars.allSatisfy({ $0.value <= 0xFF }) {
            let latin1 = scalars.map { UInt8($0.value) }
            if latin1.allSatisfy({ $0 < 0x80 }) || String(validating: latin1, as: UTF8.self) == nil {
                return .meta(type: type, data: latin1)
            }
        }
        return .meta(type: type, data: Array(string.utf8))
    }
}
