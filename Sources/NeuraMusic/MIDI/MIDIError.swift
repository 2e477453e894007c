/// Why a Standard MIDI File could not be read. Every case carries the source (a path or
/// a caller-chosen label) and, where the problem sits at a place in the bytes, the byte
/// offset from the start of the file, so a message alone is enough to find the fault.
public enum MIDIError: Error, CustomStringConvertible, Equatable, Sendable {
    case unreadable(source: String, reason: String)
    case fileTooLarge(source: String, byteCount: Int, limit: Int)
    case empty(source: String)
    /// The bytes do not start with `MThd`; `detected` names what they look like instead.
    case notMIDI(source: String, detected: String)
    /// The file ends before a structure that had to be complete.
    case truncated(source: String, offset: Int, expected: String)
    /// A chunk header claims more bytes than the file holds after it.
    case chunkLengthPastEnd(source: String, offset: Int, chunk: String, declared: Int, available: Int)
    case headerTooShort(source: String, offset: Int, length: Int)
    case unsupportedFormat(source: String, offset: Int, format: Int)
    case zeroDivision(source: String, offset: Int)
    case invalidSMPTEFrameRate(source: String, offset: Int, framesPerSecond: Int)
    case noTracks(source: String, offset: Int)
    case variableLengthQuantityTooLong(source: String, offset: Int)
    /// A data byte where a status byte was needed, with no running status to reuse.
    case runningStatusWithoutStatus(source: String, offset: Int, byte: UInt8)
    /// A meta or sysex event whose length runs past the end of its track chunk.
    case eventLengthPastChunkEnd(source: String, offset: Int, event: String, declared: Int, available: Int)
    /// A chunk's declared length ends in the middle of something.
    case chunkEndsEarly(source: String, offset: Int, chunk: String, expected: String)
    /// A byte with the high bit set inside a channel message's data.
    case invalidDataByte(source: String, offset: Int, byte: UInt8)
    /// System common and real-time status bytes (F1–F6, F8–FE) have no place in a file.
    case unsupportedStatus(source: String, offset: Int, byte: UInt8)

    public var description: String {
        switch self {
        case .unreadable(let source, let reason):
            return "\(source): cannot read the file: \(reason)"
        case .fileTooLarge(let source, let byteCount, let limit):
            return "\(source): the file is \(byteCount) bytes, over the \(limit / (1024 * 1024)) MiB limit for MIDI files; refused without reading it"
        case .empty(let source):
            return "\(source): byte 0: the file is empty, not a Standard MIDI File"
        case .notMIDI(let source, let detected):
            return "\(source): byte 0: not a Standard MIDI File (no MThd header): \(detected)"
        case .truncated(let source, let offset, let expected):
            return "\(source): byte \(offset): the file ends early, in the middle of \(expected)"
        case .chunkLengthPastEnd(let source, let offset, let chunk, let declared, let available):
            return "\(source): byte \(offset): the \(chunk) chunk declares \(declared) bytes but only \(available) remain in the file (truncated file or wrong chunk length)"
        case .headerTooShort(let source, let offset, let length):
            return "\(source): byte \(offset): the MThd header declares \(length) bytes; at least 6 are needed"
        case .unsupportedFormat(let source, let offset, let format):
            return "\(source): byte \(offset): SMF format \(format) is not one of 0, 1 or 2"
        case .zeroDivision(let source, let offset):
            return "\(source): byte \(offset): the time division is 0 ticks per quarter note, so no event has a time"
        case .invalidSMPTEFrameRate(let source, let offset, let framesPerSecond):
            return "\(source): byte \(offset): SMPTE division with \(framesPerSecond) frames per second; only 24, 25, 29 (30 drop-frame) and 30 exist"
        case .noTracks(let source, let offset):
            return "\(source): byte \(offset): the file has no track chunks, so it holds no music"
        case .variableLengthQuantityTooLong(let source, let offset):
            return "\(source): byte \(offset): a variable-length quantity runs over 4 bytes (the SMF maximum)"
        case .runningStatusWithoutStatus(let source, let offset, let byte):
            return "\(source): byte \(offset): data byte \(hex(byte)) where a status byte is needed, and no running status is in effect"
        case .eventLengthPastChunkEnd(let source, let offset, let event, let declared, let available):
            return "\(source): byte \(offset): a \(event) event declares \(declared) data bytes but only \(available) remain in its track chunk"
        case .chunkEndsEarly(let source, let offset, let chunk, let expected):
            return "\(source): byte \(offset): the \(chunk) chunk ends in the middle of \(expected)"
        case .invalidDataByte(let source, let offset, let byte):
            return "\(source): byte \(offset): data byte \(hex(byte)) has its high bit set; channel message data must be 0–127"
        case .unsupportedStatus(let source, let offset, let byte):
            return "\(source): byte \(offset): status byte \(hex(byte)) is a system common or real-time message, which a MIDI file cannot hold"
        }
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return "0x" + (digits.count == 1 ? "0" + digits : digits)
}
