import Testing
@testable import NeuraMusic

/// Damage the reader was not written for: it must answer every input with a file or a
/// `MIDIError`, never a crash, and what it reads must survive a write and a reread.
@Suite struct MIDIReaderRobustnessTests {
    /// xorshift64*, seeded, so a failing input can be replayed.
    private struct Xorshift {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    @Test func everyProperPrefixOfAFileIsATypedError() throws {
        let bytes = MIDIWriter.bytes(for: try MIDIFixture.read("mido-format0").file)
        for length in 0..<bytes.count {
            #expect(throws: MIDIError.self, "prefix of \(length) bytes") {
                try MIDIReader.read(bytes: Array(bytes.prefix(length)), source: "cut.mid")
            }
        }
    }

    @Test func randomlyDamagedFilesReadOrFailCleanlyAndRoundTrip() throws {
        let originals = try ["mido-format0", "pretty-midi-drums", "mido-format2"].map {
            MIDIWriter.bytes(for: try MIDIFixture.read($0).file)
        }
        var random = Xorshift(state: 0x5EED_2026)
        var readCount = 0
        for round in 0..<2000 {
            var bytes = originals[round % originals.count]
            // Keep the MThd signature most of the time, or nearly every case stops at byte 0.
            for _ in 0..<(1 + random.below(4)) {
                let index = 4 + random.below(bytes.count - 4)
                switch random.below(3) {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: index)
                }
            }
            let damaged = bytes
            switch Result(catching: { () throws(MIDIError) in try MIDIReader.read(bytes: damaged, source: "damaged.mid").file }) {
            case .success(let file):
                readCount += 1
                let reread = try MIDIReader.read(bytes: MIDIWriter.bytes(for: file), source: "rewritten.mid").file
                #expect(reread == file, "round \(round)")
                _ = MIDIInfo(file: file, source: "damaged.mid").jsonString()
            case .failure(let error):
                #expect(error.description.hasPrefix("damaged.mid: "), "round \(round)")
            }
        }
        // Some damage (a changed velocity, a changed text byte) leaves a readable file.
        #expect(readCount > 0)
    }
}
