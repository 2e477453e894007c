import Foundation

/// A parsed file plus everything the reader had to forgive on the way, so callers can
/// report it instead of losing it.
public struct MIDIReadResult: Equatable, Sendable {
    public var file: MIDIFile
    /// One line per problem, each naming the source and, where it applies, the byte offset.
    public var warnings: [String]

    public init(file: MIDIFile, warnings: [String]) {
        self.file = file
        self.warnings = warnings
    }
}

/// Reads Standard MIDI Files (formats 0, 1 and 2, also inside a RIFF `RMID` wrapper).
///
/// Fatal problems throw `MIDIError`; problems that lose no data become warnings:
/// format 2, unknown chunks (skipped), a missing end-of-track (one is added at the
/// track's last event), bytes after end-of-track, and a declared track count that does
/// not match the chunks present (every track present is read either way).
/// Every track of the result ends with exactly one end-of-track meta event, and a note-on
/// with velocity 0 stays as it is on disk (`.noteOn(velocity: 0)`); `MIDINotes` pairs it
/// as a note-off.
public enum MIDIReader {
    /// Larger files are refused before a byte is read: no real score needs more.
    public static let maximumFileSize = 64 * 1024 * 1024

    public static func read(contentsOf url: URL) throws(MIDIError) -> MIDIReadResult {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(source: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadable(source: path, reason: "it is a directory") }
        let bytes: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            if size > UInt64(maximumFileSize) {
                throw MIDIError.fileTooLarge(source: path, byteCount: Int(size), limit: maximumFileSize)
            }
            try handle.seek(toOffset: 0)
            // Read at most one byte past the limit: a pipe or device reports no size and may never end.
            bytes = [UInt8](try handle.read(upToCount: maximumFileSize + 1) ?? Data())
            if bytes.count > maximumFileSize {
                throw MIDIError.fileTooLarge(source: path, byteCount: bytes.count, limit: maximumFileSize)
            }
        } catch let error as MIDIError {
            throw error
        } catch {
            throw .unreadable(source: path, reason: error.localizedDescription)
        }
        return try read(bytes: bytes, source: path)
    }

    /// `source` names the bytes in errors and warnings (a path, or e.g. "<stdin>").
    public static func read(bytes: [UInt8], source: String) throws(MIDIError) -> MIDIReadResult {
        guard !bytes.isEmpty else { throw .empty(source: source) }
        guard bytes.count <= maximumFileSize else {
            throw .fileTooLarge(source: source, byteCount: bytes.count, limit: maximumFileSize)
        }
        var warnings: [String] = []
        var cursor = try smfBody(of: bytes, source: source)
        let header = try readHeader(&cursor, warnings: &warnings)

        var tracks: [MIDITrack] = []
        while !cursor.isAtEnd {
            let chunkStart = cursor.offset
            guard cursor.remaining >= 8 else {
                warnings.append("\(source): byte \(chunkStart): \(cursor.remaining) trailing bytes after the last chunk are too few for a chunk header; ignored")
                break
            }
            let identifier = try cursor.readBytes(4, "a chunk header")
            let length = try cursor.readUInt32("a chunk header")
            let name = chunkName(identifier)
            guard length <= cursor.remaining else {
                throw .chunkLengthPastEnd(
                    source: source, offset: chunkStart, chunk: name, declared: length, available: cursor.remaining)
            }
            if identifier == Array("MTrk".utf8) {
                var trackCursor = MIDIByteCursor(
                    bytes: bytes, source: source, offset: cursor.offset, limit: cursor.offset + length,
                    chunk: "MTrk (track \(tracks.count))")
                tracks.append(try MIDITrackParser.parse(&trackCursor, index: tracks.count, warnings: &warnings))
            } else {
                warnings.append("\(source): byte \(chunkStart): skipped an unknown \(name) chunk of \(length) bytes")
            }
            cursor.skip(length)
        }

        guard !tracks.isEmpty else { throw .noTracks(source: source, offset: header.tracksStart) }
        if tracks.count != header.declaredTrackCount {
            warnings.append("\(source): byte \(header.trackCountOffset): the header declares \(header.declaredTrackCount) tracks but the file holds \(tracks.count); all \(tracks.count) are read")
        }
        if header.format == 0 && tracks.count > 1 {
            warnings.append("\(source): format 0 should hold one track but holds \(tracks.count); all are read")
        }
        if header.format == 2 {
            warnings.append("\(source): format 2 (independent sequences): the tracks are read one after another")
        }
        return MIDIReadResult(file: MIDIFile(format: header.format, division: header.division, tracks: tracks), warnings: warnings)
    }

    private struct Header {
        var format: Int
        var declaredTrackCount: Int
        var trackCountOffset: Int
        var division: MIDIFile.Division
        /// Where the first chunk after MThd starts, the place a missing track is reported at.
        var tracksStart: Int
    }

    /// A cursor over the SMF inside `bytes`: the whole file, or the `data` chunk of an RMID.
    private static func smfBody(of bytes: [UInt8], source: String) throws(MIDIError) -> MIDIByteCursor {
        let cursor = MIDIByteCursor(bytes: bytes, source: source)
        if bytes.starts(with: Array("MThd".utf8)) { return cursor }
        guard bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("RMID".utf8) else {
            throw .notMIDI(source: source, detected: FileSignature.describe(bytes))
        }
        var riff = MIDIByteCursor(bytes: bytes, source: source, offset: 12)
        while riff.remaining >= 8 {
            let identifier = try riff.readBytes(4, "a RIFF chunk header")
            let sizeBytes = try riff.readBytes(4, "a RIFF chunk header")
            let size = sizeBytes.reversed().reduce(0) { $0 << 8 | Int($1) }
            if identifier == Array("data".utf8) {
                guard size <= riff.remaining else {
                    throw .chunkLengthPastEnd(
                        source: source, offset: riff.offset - 8, chunk: "RIFF data", declared: size, available: riff.remaining)
                }
                let body = MIDIByteCursor(bytes: bytes, source: source, offset: riff.offset, limit: riff.offset + size)
                guard bytes[body.offset...].starts(with: Array("MThd".utf8)) else {
                    throw .notMIDI(source: source, detected: "a RIFF MIDI file whose data chunk holds no MThd header")
                }
                return body
            }
            riff.skip(size + size % 2)
        }
        throw .notMIDI(source: source, detected: "a RIFF MIDI file with no data chunk")
    }

    private static func readHeader(_ cursor: inout MIDIByteCursor, warnings: inout [String]) throws(MIDIError) -> Header {
        let source = cursor.source
        let headerStart = cursor.offset
        _ = try cursor.readBytes(4, "the MThd header")
        let length = try cursor.readUInt32("the MThd header")
        guard length >= 6 else { throw .headerTooShort(source: source, offset: headerStart + 4, length: length) }
        guard length <= cursor.remaining else {
            throw .chunkLengthPastEnd(
                source: source, offset: headerStart, chunk: "MThd", declared: length, available: cursor.remaining)
        }
        let formatOffset = cursor.offset
        let format = try cursor.readUInt16("the MThd header")
        guard format <= 2 else { throw .unsupportedFormat(source: source, offset: formatOffset, format: format) }
        let trackCountOffset = cursor.offset
        let declaredTrackCount = try cursor.readUInt16("the MThd header")
        let divisionOffset = cursor.offset
        let rawDivision = try cursor.readUInt16("the MThd header")
        let division: MIDIFile.Division
        if rawDivision & 0x8000 != 0 {
            // The high byte is the frame rate as a negative two's-complement number.
            let framesPerSecond = -Int(Int8(truncatingIfNeeded: rawDivision >> 8))
            let ticksPerFrame = rawDivision & 0xFF
            guard [24, 25, 29, 30].contains(framesPerSecond) else {
                throw .invalidSMPTEFrameRate(source: source, offset: divisionOffset, framesPerSecond: framesPerSecond)
            }
            guard ticksPerFrame > 0 else { throw .zeroDivision(source: source, offset: divisionOffset) }
            division = .smpte(framesPerSecond: framesPerSecond, ticksPerFrame: ticksPerFrame)
        } else {
            guard rawDivision > 0 else { throw .zeroDivision(source: source, offset: divisionOffset) }
            division = .ticksPerQuarter(rawDivision)
        }
        if length > 6 {
            warnings.append("\(source): byte \(cursor.offset): the MThd header has \(length - 6) extra bytes; ignored")
            cursor.skip(length - 6)
        }
        return Header(format: format, declaredTrackCount: declaredTrackCount, trackCountOffset: trackCountOffset, division: division, tracksStart: cursor.offset)
    }

    /// The chunk identifier as text when it is printable ASCII, in hex otherwise.
    private static func chunkName(_ identifier: [UInt8]) -> String {
        if identifier.allSatisfy({ (0x20...0x7E).contains($0) }) {
            return String(decoding: identifier, as: UTF8.self)
        }
        return identifier.map(hex).joined(separator: " ")
    }
}
