import ArgumentParser
import Foundation
import NeuraCore
import NeuraMusic

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue a seed with a model and write the take as a Standard MIDI File.",
        discussion: """
            The seed and the continuation go on separate tracks ("Seed", "NeuraScore"), and a text event \
            records everything that reproduces the take. With --num-outputs N > 1, OUT.mid becomes \
            OUT-1.mid … OUT-N.mid, sampled together as one batch.

            A style is a kind of music, and each bundled model plays one: --style folk picks the folk \
            model. A model trained on several styles at once also takes its STYLE tokens: \
            --model PATH --style NAME. `neurascore models` lists both.
            """)

    @Option(help: "Model name (see `neurascore models`) or .safetensors path; the default is the bundled chorale model.")
    var model: String?

    @Option(help: "Seed from a MIDI file (put on the model's grid).")
    var seedMidi: String?

    @Option(help: "Seed as PITCH:BEATS words, e.g. \"C4:1 E4:1 G4:2\"; C4+E4:2 is a chord, r:1 a rest.")
    var seedNotes: String?

    @Option(help: "Bars of music to write (from --start, or after the seed).")
    var length: Int?

    @Option(help: ArgumentHelp(
        "Start writing here instead of after the seed: BAR, BAR:BEAT or BAR:BEAT:STEP, counted from 1.",
        discussion: "The seed's notes that start on this step are kept and heard first; the model goes on after the last of them in its token order. The seed's later notes are replaced."))
    var start: String?

    @Option(help: "Stop writing here (BAR[:BEAT[:STEP]]) instead of after --length bars.")
    var end: String?

    @Option(help: "Sampling temperature, 0.05…3: lower is safer, higher is wilder.")
    var temperature: Float = 1.0

    @Option(help: "Sample only among the K most likely tokens.")
    var topK: Int?

    @Option(help: "Nucleus sampling: the smallest set of tokens holding this much probability, in (0, 1].")
    var topP: Float?

    @Option(help: "Above 1 makes the pitches of the last two bars less likely.")
    var repetitionPenalty: Float = 1.0

    @Option(help: "How many variations to sample (one batch), 1…16.")
    var numOutputs: Int = 1

    @Option(help: "Random seed: the same seed gives the same take.")
    var rngSeed: UInt64 = 0

    @Option(help: "Only pitches of this scale, e.g. \"D dorian\", \"F# minor\", \"C pentatonic\".")
    var scale: String?

    @Option(help: "Only pitches in this range, e.g. C3..C6.")
    var pitchRange: String?

    @Option(help: "At most this many notes sounding at once.")
    var maxPolyphony: Int?

    @Option(help: "The kind of music: a model's name (chorale, folk), or a STYLE token of a model trained on several.")
    var style: String?

    @Option(help: "What to do when the music repeats one bar or one note: off, warn or raise (the temperature).")
    var loopGuard: String = "warn"

    @Option(help: "Tempo of the written file in BPM (default: the seed's).")
    var tempo: Double?

    @Option(name: [.short, .customLong("output")], help: "The MIDI file to write.")
    var output: String

    func validate() throws {
        guard (seedMidi == nil) != (seedNotes == nil) else {
            throw ValidationError("give exactly one of --seed-midi FILE.mid and --seed-notes \"C4:1 E4:1 G4:2\"")
        }
        guard GenerationControls.LoopGuard(rawValue: loopGuard) != nil else {
            throw ValidationError("--loop-guard must be off, warn or raise (got \(loopGuard))")
        }
        guard (length == nil) != (end == nil) else {
            throw ValidationError("give exactly one of --length BARS and --end BAR[:BEAT[:STEP]]")
        }
    }

    func run() throws {
        let choice = try ModelLocator.standard().choose(model: model, style: style)
        let loaded = try NeuraModel.load(contentsOf: choice.url)
        var controls = GenerationControls()
        controls.temperature = temperature
        controls.topK = topK
        controls.topP = topP
        controls.repetitionPenalty = repetitionPenalty
        controls.variations = numOutputs
        controls.rngSeed = rngSeed
        controls.scale = try scale.map { try Scale(parsing: $0) }
        controls.pitchRange = try pitchRange.map(Self.parsePitchRange)
        controls.maxPolyphony = maxPolyphony
        controls.style = choice.style
        controls.loopGuard = GenerationControls.LoopGuard(rawValue: loopGuard) ?? .warn
        let seed: Take.SeedSource =
            seedMidi.map { .midi(URL(fileURLWithPath: $0)) } ?? .notes(seedNotes ?? "")
        let take = Take(
            model: loaded, seed: seed, controls: controls, bars: length ?? 0,
            start: try start.map { try ScorePosition(parsing: $0) }, end: try end.map { try ScorePosition(parsing: $0) },
            tempo: tempo, output: URL(fileURLWithPath: output))
        let outcome = try take.run()
        if !outcome.importReport.entries.isEmpty { printError(outcome.importReport.description) }
        for notice in outcome.notices { printError(notice) }
        for (file, variation) in zip(outcome.files, outcome.result.variations) {
            for warning in variation.warnings { printError("\(file.path): \(warning)") }
            print("wrote \(file.path): \(outcome.result.context.notes.count) seed note(s) + \(variation.notes.count) generated")
        }
    }

    static func parsePitchRange(_ text: String) throws -> ClosedRange<Int> {
        let ends = text.components(separatedBy: "..")
        guard ends.count == 2, let low = PitchName.pitch(of: ends[0]) ?? Int(ends[0]),
              let high = PitchName.pitch(of: ends[1]) ?? Int(ends[1]), low <= high
        else {
            throw ValidationError("--pitch-range must look like C3..C6 or 48..84 (got \(text))")
        }
        return low...high
    }
}
