import ArgumentParser
import Foundation
import NeuraCore
import NeuraMusic

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue a seed with a model and write the take as a Standard MIDI File.",
        discussion: """
            The seed and the continuation go on separate tracks, and a text event records everything \
            that reproduces the take. With --num-outputs N > 1, OUT.mid becomes OUT-1.mid … OUT-N.mid, \
            sampled together as one batch.

            A style is a kind of music, and each bundled model plays one: --style folk picks the folk \
            model. A model trained on several styles at once also takes its STYLE tokens: \
            --model PATH --style NAME. `neurascore models` lists both.
            """)

    @Option(help: "Seed from a MIDI file (put on the model's grid).")
    var seedMidi: String?

    @Option(help: "Seed as PITCH:BEATS words, e.g. \"C4:1 E4:1 G4:2\"; C4+E4:2 is a chord, r:1 a rest; \"S: C5:1; B: C3:1\" gives parts.")
    var seedNotes: String?

    @Option(help: "Bars of music to write (from --start, or after the seed), 1…256.")
    var length: Int?

    @Option(help: ArgumentHelp(
        "Start writing here instead of after the seed: BAR, BAR:BEAT or BAR:BEAT:STEP, counted from 1.",
        discussion: "The seed's notes that start on this step are kept and heard first; the model goes on after the last of them in its token order. The seed's later notes are replaced."))
    var start: String?

    @Option(help: "Stop writing here (BAR[:BEAT[:STEP]]) instead of after --length bars.")
    var end: String?

    @Option(help: "End the piece at the end of this bar, on a cadence (see --cadence).")
    var endAtBar: Int?

    @Flag(help: "Let the model end the piece itself (its EOS), at the latest after --max-bars.")
    var untilEnd = false

    @Option(help: "With --until-end: the most bars to write.")
    var maxBars: Int?

    @OptionGroup var sampling: SamplingOptions

    func validate() throws {
        guard (seedMidi == nil) != (seedNotes == nil) else {
            throw ValidationError("give exactly one of --seed-midi FILE.mid and --seed-notes \"C4:1 E4:1 G4:2\"")
        }
        let lengths = [length != nil, end != nil, endAtBar != nil, untilEnd].filter { $0 }.count
        guard lengths == 1 else {
            throw ValidationError("give exactly one of --length BARS, --end BAR[:BEAT[:STEP]], --end-at-bar N and --until-end")
        }
        if untilEnd, maxBars == nil { throw ValidationError("--until-end needs --max-bars M, the most bars to write") }
        if maxBars != nil, !untilEnd { throw ValidationError("--max-bars goes with --until-end") }
        if let endAtBar, endAtBar < 1 { throw ValidationError("--end-at-bar must be a bar number from 1 (got \(endAtBar))") }
        if endAtBar != nil || untilEnd, start != nil {
            throw ValidationError("--start goes with --length or --end, not with --end-at-bar or --until-end")
        }
    }

    func run() throws {
        let seed: Take.SeedSource = seedMidi.map { .midi(URL(fileURLWithPath: $0)) } ?? .notes(seedNotes ?? "")
        let plan: TakePlan
        if let endAtBar {
            plan = .continuation(start: nil, end: ScorePosition(bar: endAtBar + 1), bars: 0, ending: .atRangeEnd)
        } else if untilEnd {
            plan = .continuation(start: nil, end: nil, bars: maxBars ?? 0, ending: .byTheModel)
        } else {
            plan = .continuation(
                start: try start.map { try ScorePosition(parsing: $0) }, end: try end.map { try ScorePosition(parsing: $0) },
                bars: length ?? 0, ending: .open)
        }
        try sampling.run(seed: seed, plan: plan)
    }
}
