/// Meta event type bytes (the byte after FF) that NeuraScore reads or writes.
public enum MIDIMetaType {
    public static let text: UInt8 = 0x01
    public static let copyright: UInt8 = 0x02
    public static let trackName: UInt8 = 0x03
    public static let instrumentName: UInt8 = 0x04
    public static let lyric: UInt8 = 0x05
    public static let marker: UInt8 = 0x06
    public static let endOfTrack: UInt8 = 0x2F
    public static let tempo: UInt8 = 0x51
    public static let timeSignature: UInt8 = 0x58
    public static let keySignature: UInt8 = 0x59
}

/// Raw readings of the meta events `MIDIInfo` reports. They return nil when the data has
/// the wrong size, so that a malformed meta event is reported instead of being misread.
extension MIDIMessage {
    public static var endOfTrack: MIDIMessage { .meta(type: MIDIMetaType.endOfTrack, data: []) }

    public var isEndOfTrack: Bool {
        if case .meta(MIDIMetaType.endOfTrack, _) = self { return true }
        return false
    }

    public var microsecondsPerQuarter: Int? {
        guard case .meta(MIDIMetaType.tempo, let data) = self, data.count == 3 else { return nil }
        return data.reduce(0) { $0 << 8 | Int($1) }
    }

    /// Numerator, denominator (the power of two already applied), MIDI clocks per
    /// metronome click and notated 32nd notes per quarter.
    public var timeSignatureValue: (numerator: Int, denominator: Int, clocksPerClick: Int, thirtySecondsPerQuarter: Int)? {
        guard case .meta(MIDIMetaType.timeSignature, let data) = self, data.count == 4, data[1] < 16 else { return nil }
        return (Int(data[0]), 1 << Int(data[1]), Int(data[2]), Int(data[3]))
    }

    public var keySignatureValue: (sharps: Int, isMinor: Bool)? {
        guard case .meta(MIDIMetaType.keySignature, let data) = self, data.count == 2 else { return nil }
        let sharps = Int(Int8(bitPattern: data[0]))
        guard (-7...7).contains(sharps), data[1] <= 1 else { return nil }
        return (sharps, data[1] == 1)
    }

    /// The text of a text-like meta event (types 01–0F): UTF-8 when it decodes, Latin-1
    /// otherwise, since older files use Latin-1 (pretty_midi and mido read them so).
    public var metaText: String? {
        guard case .meta(let type, let data) = self, (0x01...0x0F).contains(type) else { return nil }
        if let text = String(validating: data, as: UTF8.self) { return text }
        return String(data.map { Character(Unicode.Scalar($0)) })
    }
}
