import ArgumentParser
import Foundation
import NeuraMusic

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a MIDI file: format, tracks, PPQ, tempo/time/key maps, notes per track and channel, parts, range, duration.")

    @Argument(help: "The Standard MIDI File to describe.")
    var file: String

    @Flag(help: "Print stable JSON (keys: format, trackCount, ticksPerQuarter, noteCount, drumNoteCount, durationSeconds, tracks, parts, tempos, timeSignatures, keySignatures, …).")
    var json = false

    func run() throws {
        let result = try MIDIReader.read(contentsOf: URL(fileURLWithPath: file))
        let info = MIDIInfo(reading: result, source: file)
        print(json ? info.jsonString() : info.textReport)
    }
}
