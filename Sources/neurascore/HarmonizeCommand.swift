import ArgumentParser
import Foundation
import NeuraCore
import NeuraMusic

struct HarmonizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harmonize",
        abstract: "Keep a melody note for note and write the other voices under it.",
        discussion: """
            The melody is the top voice (a chorale's soprano) unless --keep says which voices the given \
            parts are: --keep B for a bass line, --keep S,B for the outer voices, written as the model's \
            voice names or their initials. --voices says which to write (default: all the others). The \
            written file has a track per voice, and the piece ends with the melody, on a close. \
            A chord where one voice is expected keeps its top note, with a warning.
            """)

    @Option(help: "The melody (or given parts) as a MIDI file.")
    var melody: String?

    @Option(help: "The melody as PITCH:BEATS words, e.g. \"E5:1 D5:1 C5:2\"; \"S: …; B: …\" gives several parts.")
    var melodyNotes: String?

    @Option(help: "The voices the given parts are, e.g. S, B or S,B (default: by name, else the top voice).")
    var keep: String?

    @Option(help: "The voices to write, e.g. ATB (default: all that are not kept).")
    var voices: String?

    @Option(parsing: .unconditional, help: "Move the melody by this many semitones first, to fit the voice's range.")
    var transpose: Int = 0

    @OptionGroup var sampling: SamplingOptions

    func validate() throws {
        guard (melody == nil) != (melodyNotes == nil) else {
            throw ValidationError("give exactly one of --melody FILE.mid and --melody-notes \"E5:1 D5:1 C5:2\"")
        }
    }

    func run() throws {
        let seed: Take.SeedSource = melody.map { .midi(URL(fileURLWithPath: $0)) } ?? .notes(melodyNotes ?? "")
        try sampling.run(seed: seed, plan: .harmonization(keep: keep.map { [$0] }, voices: voices.map { [$0] }, transpose: transpose))
    }
}

struct InfillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infill",
        abstract: "Write bars of a piece anew so that they lead into what follows.",
        discussion: """
            On the grid that `quantize` gives: notes that start before the bars are kept as they are, even \
            when they sound into them; notes that start inside them are replaced; everything after them is \
            unchanged. A model trained with controls hears the music after the gap ahead of time; one \
            without them writes forward only, and says so.
            """)

    @Argument(help: "The MIDI file with the gap.")
    var input: String

    @Option(help: "The bars to write, counted from 1: 5..8, or 5 for one bar.")
    var bars: String

    @OptionGroup var sampling: SamplingOptions

    func run() throws {
        let range = try Self.parseBars(bars)
        try sampling.run(seed: .midi(URL(fileURLWithPath: input)), plan: .infill(bars: range))
    }

    static func parseBars(_ text: String) throws -> ClosedRange<Int> {
        let ends = text.components(separatedBy: "..")
        guard (1...2).contains(ends.count), let first = Int(ends[0]), let last = Int(ends.last!), first >= 1, first <= last else {
            throw ValidationError("--bars must look like 5..8 or 5, bars counted from 1 (got \(text))")
        }
        return first...last
    }
}
