import Foundation
import Testing
@testable import NeuraMusic

/// Bytes written as an annotated hex dump, mido's fixture style: hex pairs, with `//`
/// starting a comment that runs to the end of the line.
func hexDump(_ text: String) -> [UInt8] {
    text.split(separator: "\n").flatMap { line -> [UInt8] in
        let code = line.components(separatedBy: "//")[0]
        return code.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { pair in
            guard let byte = UInt8(pair, radix: 16) else { fatalError("bad hex pair \(pair) in a test dump") }
            return byte
        }
    }
}

enum MIDIFixture {
    /// The `Fixtures/midi` files, with pretty_midi's note counts for them (drums included),
    /// as printed by Scripts/make-midi-fixtures.
    static let prettyMIDINoteCounts: [String: (notes: Int, drums: Int)] = [
        "mido-format0": (6, 1),
        "mido-format2": (5, 0),
        "music21-bwv66.6": (163, 0),
        "music21-k525short": (211, 0),
        "music21-test14-status-byte-lost": (17, 0),
        "pretty-midi-drums": (16, 8),
    ]

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: "mid", subdirectory: "Fixtures/midi"))
    }

    static func read(_ name: String) throws -> MIDIReadResult {
        try MIDIReader.read(contentsOf: url(name))
    }
}

/// A fresh directory under the system temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-smf-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
