import ArgumentParser
import Foundation
import NeuraCore
import NeuraMusic

/// The options every command that writes music shares: the model, how to sample, and the file
/// to write (`generate`, `harmonize`, `infill`).
struct SamplingOptions: ParsableArguments {
    @Option(help: "Model name (see `neurascore models`) or .safetensors path; the default is the bundled chorale model.")
    var model: String?

    @Option(help: "The kind of music: a model's name (chorale, folk), or a STYLE token of a model trained on several.")
    var style: String?

    @Option(help: "Sampling temperature, 0.05…3: lower is safer, higher is wilder (default: the model's measured default, else 1).")
    var temperature: Float?

    @Option(help: "Sample only among the K most likely tokens.")
    var topK: Int?

    @Option(help: "Nucleus sampling: the smallest set of tokens holding this much probability, in (0, 1] (default: the model's measured default, else off).")
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

    @Option(help: "What to do when the music repeats one bar or one note: off, warn or raise (the temperature).")
    var loopGuard: String = "warn"

    @Option(help: "Parallel fifths and octaves between voices that sing one note at a time: avoid (unless nothing else is left) or allow.")
    var parallels: String = "avoid"

    @Option(help: "How a piece with a set end (generate --end-at-bar, harmonize) closes: tonic (the tonic chord, tonic in the bass, held from the last half bar or the melody's last note) or free (where the model arrives).")
    var cadence: String = "tonic"

    @Option(help: "Tempo of the written file in BPM (default: the seed's).")
    var tempo: Double?

    @Option(name: [.short, .customLong("output")], help: "The MIDI file to write.")
    var output: String

    func validate() throws {
        guard GenerationControls.LoopGuard(rawValue: loopGuard) != nil else {
            throw ValidationError("--loop-guard must be off, warn or raise (got \(loopGuard))")
        }
        guard GenerationControls.Parallels(rawValue: parallels) != nil else {
            throw ValidationError("--parallels must be avoid or allow (got \(parallels))")
        }
        guard GenerationControls.Cadence(rawValue: cadence) != nil else {
            throw ValidationError("--cadence must be tonic or free (got \(cadence))")
        }
    }

    /// Resolves the model and style, and runs `plan` on `seed`, printing what was written.
    func run(seed: Take.SeedSource, plan: TakePlan) throws {
        let choice = try ModelLocator.standard().choose(model: model, style: style)
        let loaded = try NeuraModel.load(contentsOf: choice.url)
        var controls = GenerationControls()
        controls.temperature = temperature ?? SamplingDefaults.commandLine.temperature
        controls.topK = topK
        controls.topP = topP
        if let measured = try loaded.samplingDefaults(), temperature == nil || topP == nil {
            controls = measured.applied(to: controls, keepingTemperature: temperature != nil, keepingTopP: topP != nil)
            var applied: [String] = []
            if temperature == nil { applied.append(String(format: "temperature %.2f", Double(controls.temperature))) }
            if topP == nil { applied.append("top-p " + (controls.topP.map { String(format: "%.2f", Double($0)) } ?? "off")) }
            printError("\(choice.name): its measured default \(applied.joined(separator: ", ")) (--temperature and --top-p override)")
        }
        controls.repetitionPenalty = repetitionPenalty
        controls.variations = numOutputs
        controls.rngSeed = rngSeed
        controls.scale = try scale.map { try Scale(parsing: $0) }
        controls.pitchRange = try pitchRange.map(Self.parsePitchRange)
        controls.maxPolyphony = maxPolyphony
        controls.style = choice.style
        controls.loopGuard = GenerationControls.LoopGuard(rawValue: loopGuard) ?? .warn
        controls.parallels = GenerationControls.Parallels(rawValue: parallels) ?? .avoid
        controls.cadence = GenerationControls.Cadence(rawValue: cadence) ?? .tonic
        let take = Take(model: loaded, seed: seed, controls: controls, plan: plan, tempo: tempo, output: URL(fileURLWithPath: output))
        let outcome = try take.run()
        if !outcome.importReport.entries.isEmpty { printError(outcome.importReport.description) }
        for notice in outcome.notices { printError(notice) }
        for (file, variation) in zip(outcome.files, outcome.result.variations) {
            for warning in variation.warnings { printError("\(file.path): \(warning)") }
            print("wrote \(file.path): \(outcome.result.context.notes.count) given note(s) + \(variation.notes.count) generated")
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
