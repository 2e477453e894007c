import Foundation
import NeuraMetrics
import NeuraMusic

/// One `neurascore generate` run: a seed and controls in, one MIDI file per variation out,
/// each carrying the meta text that reproduces it.
public struct Take: Sendable {
    public enum SeedSource: Sendable, Hashable {
        case midi(URL)
        /// The `--seed-notes` notation, e.g. "C4:1 E4:1 G4:2".
        case notes(String)
    }

    public var model: NeuraModel
    public var seed: SeedSource
    public var controls: GenerationControls
    /// What to write around the seed: a continuation, a harmonisation or a filled gap.
    public var plan: TakePlan
    /// Overrides the seed's tempo in the written file.
    public var tempo: Double?
    public var output: URL

    public init(
        model: NeuraModel, seed: SeedSource, controls: GenerationControls, plan: TakePlan, tempo: Double? = nil,
        output: URL
    ) {
        self.model = model
        self.seed = seed
        self.controls = controls
        self.plan = plan
        self.tempo = tempo
        self.output = output
    }

    public struct Outcome: Sendable {
        public var files: [URL]
        public var result: GenerationResult
        public var importReport: ImportReport
        /// What was changed about the seed on the way (notes replaced, parts merged).
        public var notices: [String]
    }

    /// With several variations, OUT.mid becomes OUT-1.mid, OUT-2.mid, …
    public func outputURLs() -> [URL] {
        guard controls.variations > 1 else { return [output] }
        let base = output.deletingPathExtension()
        let ext = output.pathExtension.isEmpty ? "mid" : output.pathExtension
        return (1...controls.variations).map {
            URL(fileURLWithPath: base.path + "-\($0)").appendingPathExtension(ext)
        }
    }

    public func run(onEvent: (GenerationEvent) -> Void = { _ in }) throws -> Outcome {
        if let tempo, !(tempo.isFinite && (1...1000).contains(tempo)) {
            throw GenerationError.invalidControl("tempo must be 1…1000 BPM (got \(tempo))")
        }
        try controls.validate()
        let files = outputURLs()
        // Before any sampling, so no work is lost to a typo in the output path.
        for file in files { try AtomicFile.checkDestination(file) }
        var (seedScore, report) = try loadSeed()
        if let tempo { seedScore.tempo = tempo }
        // Without a key signature the key is estimated from the seed, and the take carries it:
        // a closing cadence closes in it, and the written file names it.
        if !report.keySignatureWasRead, let estimated = KeyFinder.estimate(notes: seedScore.notes)?.key {
            seedScore.keySignature = KeySignature(key: estimated)
        }
        var (job, notices) = try plan.job(seed: seedScore, model: model)
        job.controls = controls
        job.key = seedScore.keySignature.scale
        let result = try ScoreGenerator(model: model).generate(job, onEvent: onEvent)
        for (index, file) in files.enumerated() {
            let info = TakeRecord.fields(
                model: model.url?.lastPathComponent ?? model.name, job: job, seed: seedDescription,
                variation: index, variationCount: files.count)
            var exported = result.context
            exported.tempo = seedScore.tempo
            let options = ExportOptions(title: file.deletingPathExtension().lastPathComponent, takeInfo: info)
            let generated = result.variations[index].notes.map(\.note)
            if plan.writesWholeParts {
                exported.notes = (exported.notes + generated).sorted(by: Score.noteOrder)
                try ScoreFile.save(exported, options: options, to: file)
            } else {
                try ScoreFile.save(exported, generated: generated, options: options, to: file)
            }
        }
        return Outcome(files: files, result: result, importReport: report, notices: notices + result.notices)
    }

    /// How the record names the seed: the notation as typed, or the seed file's name.
    var seedDescription: String {
        switch seed {
        case .midi(let url): url.lastPathComponent
        case .notes(let text): text
        }
    }

    func loadSeed() throws -> (Score, ImportReport) {
        switch seed {
        case .midi(let url):
            return try ScoreFile.load(contentsOf: url, stepsPerQuarter: model.encoding.stepsPerQuarter)
        case .notes(let text):
            return (try SeedNotation.score(parsing: text, stepsPerQuarter: model.encoding.stepsPerQuarter), ImportReport())
        }
    }
}
