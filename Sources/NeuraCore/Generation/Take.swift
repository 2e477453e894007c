import Foundation
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
    /// Bars to write; ignored when `end` is set.
    public var bars: Int
    /// Where to start writing; nil: after the seed. The seed's notes that start on this step
    /// are kept and heard first (the model goes on after the last of them in its order), and
    /// its notes after it are replaced.
    public var start: ScorePosition?
    /// Where to stop; nil: `bars` after the start.
    public var end: ScorePosition?
    /// Overrides the seed's tempo in the written file.
    public var tempo: Double?
    public var output: URL

    public init(
        model: NeuraModel, seed: SeedSource, controls: GenerationControls, bars: Int, start: ScorePosition? = nil,
        end: ScorePosition? = nil, tempo: Double? = nil, output: URL
    ) {
        self.model = model
        self.seed = seed
        self.controls = controls
        self.bars = bars
        self.start = start
        self.end = end
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
        if end == nil, !GenerationLimits.bars.contains(bars) {
            throw GenerationError.invalidControl(
                "length must be \(GenerationLimits.describe(GenerationLimits.bars)) bars (got \(bars))")
        }
        try controls.validate()
        let files = outputURLs()
        for file in files { try Self.checkWritable(file) }
        var (seedScore, report) = try loadSeed()
        if let tempo { seedScore.tempo = tempo }
        let (job, notices) = try makeJob(seed: seedScore)
        let result = try ScoreGenerator(model: model).generate(job, onEvent: onEvent)
        for (index, file) in files.enumerated() {
            let info = TakeRecord.fields(
                model: model.url?.lastPathComponent ?? model.name, job: job, seed: seedDescription,
                variation: index, variationCount: files.count)
            var exported = result.context
            exported.tempo = seedScore.tempo
            let options = ExportOptions(title: file.deletingPathExtension().lastPathComponent, takeInfo: info)
            try ScoreFile.save(exported, generated: result.variations[index].notes.map(\.note), options: options, to: file)
        }
        return Outcome(files: files, result: result, importReport: report, notices: notices + result.notices)
    }

    /// The job this take runs: where it starts and ends on the seed, and the note it goes on from.
    func makeJob(seed: Score) throws -> (GenerationJob, [String]) {
        let seedEnd = max(seed.length, seed.notes.map(\.end).max() ?? 0)
        let startStep = try start?.gridStep(in: seed) ?? seedEnd
        let endStep = try end?.gridStep(in: seed) ?? startStep + bars * max(1, seed.stepsPerBar)
        guard endStep > startStep else {
            throw GenerationError.invalidRange(
                "the end (\(ScorePosition(step: endStep, in: seed))) must come after the start "
                    + "(\(ScorePosition(step: startStep, in: seed)))")
        }
        var score = seed
        let replaced = score.notes.filter { $0.start > startStep }
        score.notes.removeAll { $0.start > startStep }
        let opening = score.notes.filter { $0.start == startStep }
        let pick = opening.max { model.encoding.eventOrder($0, $1) }
        var notices: [String] = []
        if !replaced.isEmpty {
            notices.append(
                "\(replaced.count) seed note\(replaced.count == 1 ? "" : "s") after \(ScorePosition(step: startStep, in: seed)) replaced")
        }
        return (GenerationJob(score: score, range: startStep..<endStep, pick: pick, controls: controls), notices)
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

    /// Fails before any sampling when the file could not be written, so no work is lost to a typo.
    static func checkWritable(_ url: URL) throws {
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TakeError.unwritable(url.path, reason: "the folder \(folder.path) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw TakeError.unwritable(url.path, reason: "the folder \(folder.path) is not writable")
        }
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TakeError.unwritable(url.path, reason: "it is a folder")
        }
    }
}

public enum TakeError: Error, Hashable, Sendable, CustomStringConvertible {
    case unwritable(String, reason: String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
