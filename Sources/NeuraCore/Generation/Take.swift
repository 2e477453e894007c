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
    /// Overrides the seed's tempo in the written file.
    public var tempo: Double?
    public var output: URL

    public init(model: NeuraModel, seed: SeedSource, controls: GenerationControls, tempo: Double? = nil, output: URL) {
        self.model = model
        self.seed = seed
        self.controls = controls
        self.tempo = tempo
        self.output = output
    }

    public struct Outcome: Sendable {
        public var files: [URL]
        public var result: GenerationResult
        public var importReport: ImportReport
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

    public func run(onEvent: (ContinuationEvent) -> Void = { _ in }) throws -> Outcome {
        if let tempo, !(tempo.isFinite && (1...1000).contains(tempo)) {
            throw GenerationError.invalidControl("tempo must be 1…1000 BPM (got \(tempo))")
        }
        try controls.validate()
        let files = outputURLs()
        for file in files { try Self.checkWritable(file) }
        var (seedScore, report) = try loadSeed()
        if let tempo { seedScore.tempo = tempo }
        let result = try ContinuationGenerator(model: model).generate(seed: seedScore, controls: controls, onEvent: onEvent)
        for (index, file) in files.enumerated() {
            var info = takeInfo()
            if controls.variations > 1 { info["variation"] = "\(index + 1) of \(controls.variations)" }
            var exported = result.seed
            exported.tempo = seedScore.tempo
            let options = ExportOptions(title: file.deletingPathExtension().lastPathComponent, takeInfo: info)
            try ScoreFile.save(exported, generated: result.variations[index].notes.map(\.note), options: options, to: file)
        }
        return Outcome(files: files, result: result, importReport: report)
    }

    func loadSeed() throws -> (Score, ImportReport) {
        switch seed {
        case .midi(let url):
            return try ScoreFile.load(contentsOf: url, stepsPerQuarter: model.encoding.stepsPerQuarter)
        case .notes(let text):
            return (try SeedNotation.score(parsing: text, stepsPerQuarter: model.encoding.stepsPerQuarter), ImportReport())
        }
    }

    /// Everything needed to reproduce the take, written into the file.
    func takeInfo() -> [String: String] {
        var info = [
            "model": model.url?.lastPathComponent ?? model.name,
            "temperature": String(format: "%g", controls.temperature),
            "rng-seed": "\(controls.rngSeed)",
            "length-bars": "\(controls.bars)",
            "neurascore": neuraScoreVersion,
        ]
        switch seed {
        case .midi(let url): info["seed-midi"] = url.lastPathComponent
        case .notes(let text): info["seed-notes"] = text
        }
        if let style = controls.style ?? model.encoding.styles.first { info["style"] = style }
        if let topP = controls.topP { info["top-p"] = String(format: "%g", topP) }
        if let topK = controls.topK { info["top-k"] = "\(topK)" }
        if controls.repetitionPenalty != 1 { info["repetition-penalty"] = String(format: "%g", controls.repetitionPenalty) }
        if let scale = controls.scale { info["scale"] = scale.description }
        if let polyphony = controls.maxPolyphony { info["max-polyphony"] = "\(polyphony)" }
        if let range = controls.pitchRange {
            info["pitch-range"] = "\(PitchName.name(of: range.lowerBound))..\(PitchName.name(of: range.upperBound))"
        }
        if controls.loopGuard != .warn { info["loop-guard"] = controls.loopGuard.rawValue }
        return info
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
