import ArgumentParser
import Foundation
import NeuraMusic

struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Show a MIDI file as NeuraScore sees it: read, put on the step grid, written back.",
        discussion: "Each track/channel pair with notes is a part (each channel, in format 0) and is written back as a track of its own, with its name, program and channel. Prints the parts, then every change made on the way (merged, trimmed or lengthened notes, drums set aside, program changes within a part, flattened tempo/meter/key changes, …).")

    @Argument(help: "The Standard MIDI File to read.")
    var input: String

    @Option(name: [.short, .customLong("output")], help: "Where to write the quantised file (SMF format 1, 480 PPQ).")
    var output: String

    @Option(help: "Grid steps per quarter note (4 = sixteenths).")
    var stepsPerQuarter = 4

    func run() throws {
        let (score, report) = try ScoreFile.quantize(
            URL(fileURLWithPath: input), to: URL(fileURLWithPath: output), stepsPerQuarter: stepsPerQuarter)
        print("\(input): \(score.notes.count) note(s), \(score.drums.count) drum note(s), \(score.length) step(s) at \(stepsPerQuarter) per quarter")
        for line in score.partSummary { print("  " + line) }
        print(report)
        print("wrote \(output)")
    }
}
