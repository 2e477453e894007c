import Foundation
import Testing
@testable import NeuraMusic

/// Damaged and foreign files: each must fail with a typed error that names the file, the
/// byte offset and the problem, never crash or allocate from a length it read.
@Suite struct MIDIReaderErrorTests {
    private func readError(_ bytes: [UInt8], source: String = "bad.mid") -> MIDIError? {
        do {
            _ = try MIDIReader.read(bytes: bytes, source: source)
            return nil
        } catch {
            return error
        }
    }

    /// A device reports no size and never ends: reading stops one byte past the limit.
    @Test func anEndlessDeviceIsRefusedAtTheSizeLimit() {
        #expect(throws: MIDIError.fileTooLarge(
            source: "/dev/zero", byteCount: MIDIReader.maximumFileSize + 1, limit: MIDIReader.maximumFileSize)) {
            try MIDIReader.read(contentsOf: URL(fileURLWithPath: "/dev/zero"))
        }
    }

    @Test func emptyFile() {
        #expect(readError([]) == .empty(source: "bad.mid"))
    }

    @Test func pngRenamedToMid() {
        let png = hexDump("""
            89 50 4E 47 0D 0A 1A 0A   // PNG signature
            00 00 00 0D 49 48 44 52   // IHDR chunk
            """)
        let error = readError(png, source: "cover.mid")
        #expect(error == .notMIDI(source: "cover.mid", detected: "it is a PNG image"))
        #expect(error?.description == "cover.mid: byte 0: not a Standard MIDI File (no MThd header): it is a PNG image")
    }

    @Test func fileTruncatedInTheHeader() {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06   // MThd, length 6
            00 01                     // format 1, then the file ends
            """)
        #expect(readError(bytes) == .chunkLengthPastEnd(source: "bad.mid", offset: 0, chunk: "MThd", declared: 6, available: 2))
        #expect(readError(Array(bytes.prefix(6))) == .truncated(source: "bad.mid", offset: 4, expected: "the MThd header"))
    }

    @Test func trackChunkClaimingMoreBytesThanTheFileHas() {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd: format 0, 1 track, 96 PPQ
            4D 54 72 6B 00 00 01 00                     // MTrk claims 256 bytes
            00 FF 2F 00                                 // but 4 follow
            """)
        let error = readError(bytes)
        #expect(error == .chunkLengthPastEnd(source: "bad.mid", offset: 14, chunk: "MTrk", declared: 256, available: 4))
        #expect(error?.description.hasPrefix("bad.mid: byte 14: the MTrk chunk declares 256 bytes but only 4 remain") == true)
    }

    @Test func variableLengthQuantityOverFourBytes() {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd
            4D 54 72 6B 00 00 00 09                     // MTrk, 9 bytes
            81 81 81 81 00                              // a delta time of 5 bytes
            FF 2F 00 00
            """)
        #expect(readError(bytes) == .variableLengthQuantityTooLong(source: "bad.mid", offset: 22))
    }

    @Test func runningStatusWithNoStatusByte() {
        let atStart = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd
            4D 54 72 6B 00 00 00 07                     // MTrk, 7 bytes
            00 3C 40                                    // 0: data bytes, no status before them
            00 FF 2F 00
            """)
        #expect(readError(atStart) == .runningStatusWithoutStatus(source: "bad.mid", offset: 23, byte: 0x3C))

        // mido refuses this too ("running status without last_status"): a meta event before
        // the data bytes sets no status to reuse.
        let afterMetaOnly = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd
            4D 54 72 6B 00 00 00 0B                     // MTrk, 11 bytes
            00 FF 01 00                                 // 0: empty text meta
            00 3C 40                                    // 0: data bytes, no status in the track yet
            00 FF 2F 00
            """)
        #expect(readError(afterMetaOnly) == .runningStatusWithoutStatus(source: "bad.mid", offset: 27, byte: 0x3C))
    }

    @Test func metaAndSysexLengthsPastTheEndOfTheChunk() {
        let meta = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd
            4D 54 72 6B 00 00 00 05                     // MTrk, 5 bytes
            00 FF 03 10 41                              // track name of 16 bytes, 1 present
            4D 54 72 6B 00 00 00 04 00 FF 2F 00         // the next chunk must not be read as its data
            """)
        #expect(readError(meta) == .eventLengthPastChunkEnd(source: "bad.mid", offset: 23, event: "meta 0x03", declared: 16, available: 1))

        let sysex = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd
            4D 54 72 6B 00 00 00 07                     // MTrk, 7 bytes
            00 F0 8F FF FF 7F 7E                        // sysex claiming 0x1FFFFFF bytes
            """)
        #expect(readError(sysex) == .eventLengthPastChunkEnd(source: "bad.mid", offset: 23, event: "sysex (F0)", declared: 0x1FF_FFFF, available: 1))
    }

    @Test func noTracks() {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 01 00 00 01 E0   // MThd: format 1, 0 tracks, 480 PPQ
            """)
        #expect(readError(bytes) == .noTracks(source: "bad.mid", offset: 14))
    }

    @Test func divisionZero() {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 00   // MThd: format 0, 1 track, division 0
            4D 54 72 6B 00 00 00 04 00 FF 2F 00
            """)
        let error = readError(bytes)
        #expect(error == .zeroDivision(source: "bad.mid", offset: 12))
        #expect(error?.description == "bad.mid: byte 12: the time division is 0 ticks per quarter note, so no event has a time")
    }

    @Test func channelMessageCutByTheEndOfItsChunk() {
        let bytes = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd
            4D 54 72 6B 00 00 00 03                     // MTrk, 3 bytes
            00 90 3C                                    // note-on missing its velocity
            4D 54 72 6B 00 00 00 04 00 FF 2F 00
            """)
        #expect(readError(bytes) == .chunkEndsEarly(source: "bad.mid", offset: 25, chunk: "MTrk (track 0)", expected: "a note-on message"))
    }

    @Test func otherStructuralFaults() {
        let formatThree = hexDump("4D 54 68 64 00 00 00 06  00 03 00 01 00 60  // format 3")
        #expect(readError(formatThree) == .unsupportedFormat(source: "bad.mid", offset: 8, format: 3))
        let shortHeader = hexDump("4D 54 68 64 00 00 00 04  00 00 00 01  // header length 4")
        #expect(readError(shortHeader) == .headerTooShort(source: "bad.mid", offset: 4, length: 4))
        let frameRate26 = hexDump("4D 54 68 64 00 00 00 06  00 00 00 01 E6 28  // -26 fps does not exist")
        #expect(readError(frameRate26) == .invalidSMPTEFrameRate(source: "bad.mid", offset: 12, framesPerSecond: 26))
        let dataByte = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd
            4D 54 72 6B 00 00 00 08                     // MTrk, 8 bytes
            00 90 3C C0                                 // note-on velocity with the high bit set
            00 FF 2F 00
            """)
        #expect(readError(dataByte) == .invalidDataByte(source: "bad.mid", offset: 25, byte: 0xC0))
        let realTime = hexDump("""
            4D 54 68 64 00 00 00 06 00 00 00 01 00 60   // MThd
            4D 54 72 6B 00 00 00 06                     // MTrk, 6 bytes
            00 F8                                       // timing clock: real-time, not a file event
            00 FF 2F 00
            """)
        #expect(readError(realTime) == .unsupportedStatus(source: "bad.mid", offset: 23, byte: 0xF8))
    }

    @Test func everyMessageNamesTheFileAndTheByteOffset() {
        let errors: [MIDIError] = [
            .empty(source: "x.mid"), .notMIDI(source: "x.mid", detected: "it is a PNG image"),
            .truncated(source: "x.mid", offset: 7, expected: "e"),
            .chunkLengthPastEnd(source: "x.mid", offset: 7, chunk: "MTrk", declared: 9, available: 1),
            .headerTooShort(source: "x.mid", offset: 7, length: 2), .unsupportedFormat(source: "x.mid", offset: 7, format: 5),
            .zeroDivision(source: "x.mid", offset: 7), .invalidSMPTEFrameRate(source: "x.mid", offset: 7, framesPerSecond: 3),
            .noTracks(source: "x.mid", offset: 7), .variableLengthQuantityTooLong(source: "x.mid", offset: 7),
            .runningStatusWithoutStatus(source: "x.mid", offset: 7, byte: 1),
            .eventLengthPastChunkEnd(source: "x.mid", offset: 7, event: "meta 0x01", declared: 9, available: 1),
            .chunkEndsEarly(source: "x.mid", offset: 7, chunk: "MTrk", expected: "e"),
            .invalidDataByte(source: "x.mid", offset: 7, byte: 0x90), .unsupportedStatus(source: "x.mid", offset: 7, byte: 0xF8),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("x.mid: byte "), "\(error)")
        }
    }
}
