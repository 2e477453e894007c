import Foundation
import NeuraMusic
import Testing

/// Parts in the real composer: a terminal, keys, a four-voice model with controls (random
/// weights) in the model folder, and the MIDI file it writes.
@Suite(.enabled(if: Tmux.isInstalled, "tmux is not installed"), .serialized)
struct ComposerPartsTests {
    static let satb = [PartRole("soprano", program: 52), PartRole("alto", program: 52),
                       PartRole("tenor", program: 52), PartRole("bass", program: 52)]

    /// Each note track of a file: its name and its notes as [pitch, start step, length].
    static func tracks(of file: URL) throws -> [(name: String, notes: [[Int]])] {
        let midi = try MIDIReader.read(contentsOf: file).file
        return midi.tracks.dropFirst().map { track in
            let name = track.events.lazy.compactMap { event -> String? in
                guard case .meta(0x03, let data) = event.message else { return nil }
                return String(decoding: data, as: UTF8.self)
            }.first ?? ""
            var starts: [UInt8: Int] = [:]
            var notes: [[Int]] = []
            for event in track.events {
                switch event.message {
                case .noteOn(_, let key, let velocity) where velocity > 0: starts[key] = event.tick
                case .noteOn(_, let key, _), .noteOff(_, let key, _):
                    if let start = starts.removeValue(forKey: key) {
                        notes.append([Int(key), start / 120, (event.tick - start) / 120])
                    }
                default: break
                }
            }
            return (name, notes.sorted { ($0[1], $0[0]) < ($1[1], $1[0]) })
        }
    }

    /// A melody typed in quarters from C5: C D E F G F E D, two bars.
    static let melodyKeys = ["q", "w", "e", "r", "t", "r", "e", "w"]
    static let melody = [[72, 0, 4], [74, 4, 4], [76, 8, 4], [77, 12, 4], [79, 16, 4], [77, 20, 4], [76, 24, 4], [74, 28, 4]]

    /// A new piece whose one part is named Soprano, with the melody typed into it.
    static func launchWithTheMelody(_ harness: ComposerHarness) throws {
        try harness.launch("--new")
        try harness.tmux.command(":part Soprano")
        try harness.tmux.waitFor("part 1 Soprano: new notes go here")
        try harness.tmux.keys("i")
        for key in melodyKeys { try harness.tmux.keys(key) }
        try harness.tmux.keys("Escape")
    }

    /// Writes the take to `output`, quits, and reads the file's tracks.
    static func writeAndQuit(_ harness: ComposerHarness, to output: URL) throws -> [(name: String, notes: [[Int]])] {
        try harness.tmux.command(":w \(output.path)")
        try harness.tmux.waitFor("wrote", file: output)
        try harness.tmux.command(":q")
        try harness.tmux.waitForExit()
        return try tracks(of: output)
    }

    @Test func aPartIsPickedWrittenIntoGeneratedOnAndWrittenAsTracks() throws {
        let harness = try ComposerHarness(parts: Self.satb, anticipation: 8)
        defer { harness.cleanUp() }
        let tmux = harness.tmux
        try Self.launchWithTheMelody(harness)
        try tmux.command(":part Bass")
        try tmux.waitFor("added part 2 Bass")
        try tmux.keys("Home", "i", "Down", "Down", "z", "v", "Escape")
        let legend = try tmux.waitFor("2 Bass")
        #expect(legend.contains("1 Soprano"))
        try tmux.command(":len 1")
        try tmux.waitFor("len 1 bar")
        try tmux.keys("g")
        try tmux.waitFor("variations: Tab cycles", timeout: 120)
        let tracks = try Self.writeAndQuit(harness, to: harness.file("parts.mid"))
        let names = tracks.map(\.name)
        // A track per part, the take's notes on tracks of their own named after their parts.
        #expect(Array(names.prefix(4)) == ["Soprano", "Bass", "Alto", "Tenor"])
        #expect(tracks[0].notes == Self.melody)
        #expect(tracks[1].notes == [[48, 0, 4], [53, 4, 4]])
        let take = tracks.dropFirst(4)
        #expect(!take.isEmpty)
        #expect(take.allSatisfy { track in
            track.name.hasSuffix(" (NeuraScore)") && names.prefix(4).contains(String(track.name.dropLast(13)))
        })
        #expect(take.flatMap(\.notes).allSatisfy { $0[1] >= 32 && $0[1] + $0[2] <= 48 })
    }

    @Test func harmonisingKeepsTheMelodyNoteForNoteAndWritesTheOtherParts() throws {
        let harness = try ComposerHarness(parts: Self.satb, anticipation: 8)
        defer { harness.cleanUp() }
        let tmux = harness.tmux
        try Self.launchWithTheMelody(harness)
        try tmux.keys("G")
        let done = try tmux.waitFor("variations under Soprano", timeout: 120)
        #expect(done.contains("4 Bass"))
        try tmux.keys("Tab", "a")
        try tmux.waitFor("accepted")
        let tracks = try Self.writeAndQuit(harness, to: harness.file("harmonised.mid"))
        #expect(tracks.map(\.name) == ["Soprano", "Alto", "Tenor", "Bass"])
        #expect(tracks[0].notes == Self.melody)
        #expect(tracks.dropFirst().allSatisfy { !$0.notes.isEmpty })
        #expect(tracks.dropFirst().flatMap(\.notes).allSatisfy { $0[1] >= 0 && $0[1] + $0[2] <= 32 })
    }
}
