import NeuraCore
import NeuraMusic

public struct Cursor: Hashable, Sendable, Codable {
    public var step: Int
    public var pitch: Int

    public init(step: Int, pitch: Int) {
        self.step = step
        self.pitch = pitch
    }
}

public struct TerminalSize: Hashable, Sendable, Codable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }
}

/// What the roll shows: the first visible step and the highest visible pitch.
public struct ScrollOffset: Hashable, Sendable, Codable {
    public var firstStep: Int
    public var topPitch: Int

    public init(firstStep: Int, topPitch: Int) {
        self.firstStep = firstStep
        self.topPitch = topPitch
    }
}

public enum Mode: Hashable, Sendable {
    case normal
    case pianoEntry
    /// A time range from `anchor` to the cursor, both ends included.
    case select(anchor: Int)
    case commandLine(String)
    case help
    /// The model's other choices for the generated note at `noteIndex` of the current variation.
    case alternatives(noteIndex: Int)
    /// The take's figures beside the model's reference figures (`e`, `:eval`).
    case evaluation(EvaluationPanel)

    public var label: String {
        switch self {
        case .normal: "NORMAL"
        case .pianoEntry: "PIANO"
        case .select: "SELECT"
        case .commandLine: "COMMAND"
        case .help: "HELP"
        case .alternatives: "CHOOSE"
        case .evaluation: "EVAL"
        }
    }
}

/// The knobs the next generation uses; settings rather than edits, so undo leaves them alone.
/// Sampling is NeuraCore's `GenerationControls` itself, with its limits.
public struct GenerationParameters: Hashable, Sendable {
    public var controls: GenerationControls
    public var lengthBars: Int = 4
    /// Where `g` ends (`:end`).
    public var end: EndSetting = .open
    /// The model as the user chose it: an installed model's name or a .safetensors path; nil is
    /// the default model.
    public var model: String?
    /// Which of temperature and top-p the user set; the others follow the model's measured defaults.
    public var userChose = UserSamplingChoice()

    public init() {
        controls = GenerationControls()
        controls.topP = 0.95
        controls.rngSeed = 42
        controls.variations = 3
    }

    /// How the header and the take record name the model.
    public var modelName: String {
        guard let model else { return ModelLocator.defaultModelName }
        guard model.contains("/") || model.hasSuffix(".safetensors") else { return model }
        return String(model.split(separator: "/").last ?? Substring(model))
    }

    public static let tempoRange = 20.0...400.0
}

extension GenerationParameters: Codable {
    private enum CodingKeys: String, CodingKey {
        case controls, lengthBars, model, end, userChose
        // Sessions saved before the composer spoke GenerationControls.
        case temperature, topP, rngSeed, style, modelPath, scale, variationCount
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        lengthBars = try container.decode(Int.self, forKey: .lengthBars)
        end = try container.decodeIfPresent(EndSetting.self, forKey: .end) ?? .open
        if let controls = try container.decodeIfPresent(GenerationControls.self, forKey: .controls) {
            self.controls = controls
            model = try container.decodeIfPresent(String.self, forKey: .model)
            userChose = try container.decodeIfPresent(UserSamplingChoice.self, forKey: .userChose)
                ?? UserSamplingChoice(guessingFrom: controls)
            return
        }
        controls.temperature = Float(try container.decode(Double.self, forKey: .temperature))
        let topP = try container.decode(Double.self, forKey: .topP)
        controls.topP = topP < 1 ? Float(topP) : nil
        controls.rngSeed = try container.decode(UInt64.self, forKey: .rngSeed)
        controls.scale = try container.decodeIfPresent(Scale.self, forKey: .scale)
        controls.variations = try container.decode(Int.self, forKey: .variationCount)
        // The old composer played the bundled model named after the style.
        model = try container.decodeIfPresent(String.self, forKey: .modelPath)
            ?? container.decodeIfPresent(String.self, forKey: .style)
        userChose = UserSamplingChoice(guessingFrom: controls)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(controls, forKey: .controls)
        try container.encode(lengthBars, forKey: .lengthBars)
        try container.encodeIfPresent(model, forKey: .model)
        if end != .open { try container.encode(end, forKey: .end) }
        try container.encode(userChose, forKey: .userChose)
    }
}

/// The running job's bookkeeping: where its variations land and how far each has got.
public struct RunningJob: Hashable, Sendable {
    /// Where the job's variation 0 lands: 0 for a fresh generation, the resampled one otherwise.
    public var firstVariation: Int
    /// Steps decided so far by each of the job's variations, and the steps each must decide.
    public var stepsDone: [Int]
    public var stepsTotal: Int
    /// The status line once the job has finished ("3 variations: …", "picked A#4, resampled …").
    public var doneMessage: String
    /// The pick of a resample: `.opening` then tells which notes on its step were kept.
    public var pick: Note?
    /// The part a single-voice model writes into: the current part, or the part of the pick.
    public var writesInto: Int
    /// The score part that each of the model's parts goes in, once the job has said which parts
    /// its notes name (`.parts`); until then, the parts are the score's own.
    public var partOfModelPart: [Int]?

    public var progress: Double {
        let total = stepsTotal * max(stepsDone.count, 1)
        return total > 0 ? Double(stepsDone.reduce(0, +)) / Double(total) : 0
    }
}

public enum GenerationStatus: Hashable, Sendable {
    case idle
    case running(jobID: Int, progress: Double)
    case failed(String)

    public var isRunning: Bool {
        if case .running = self { return true }
        return false
    }
}

public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// The whole composer as plain values: `reduce` changes it, `render` draws it, nothing else.
public struct ComposerState: Hashable, Sendable {
    public var document: ComposerDocument
    public var cursor: Cursor
    public var scroll: ScrollOffset
    public var viewSize: TerminalSize
    /// Grid steps of the next note written; 1 is a sixteenth at 4 steps per quarter.
    public var noteLength: Int
    /// The part that new notes go into (Enter, a click, piano entry, paste), and the melody that
    /// `G` harmonises: an index into the document's parts.
    public var currentPart: Int = 0
    public var mode: Mode = .normal
    /// The octave of the `z` row in piano entry (4: `z` is C4, `q` is C5).
    public var pianoOctave: Int
    /// Copied notes with starts relative to the copied range.
    public var clipboard: [Note] = []
    public var parameters: GenerationParameters
    public var generation: GenerationStatus = .idle
    /// What the running job is doing, for its closing message ("picked A#4, resampled bars 7–10").
    public var runningJob: RunningJob?
    public var nextJobID: Int = 1
    public var message: StatusMessage?
    public var undoStack: [UndoStep] = []
    public var redoStack: [UndoStep] = []
    /// Edited since the last `:w` or `:e`. The session autosave is separate and always current.
    public var isDirty: Bool = false
    public var filePath: String?
    public var playhead: Int?
    /// Set while playing; see `PlaybackRun`.
    public var playbackRun: PlaybackRun?
    public var playback = PlaybackSettings()
    public var audioOutput: AudioOutputStatus = .opening
    /// The "no audio output" message is shown once per run, not on every Space.
    public var hasReportedNoAudio = false
    public var themeName: String = "dark"
    public var wantsQuit: Bool = false

    public static let undoLimit = 500

    public init(
        document: ComposerDocument = ComposerDocument(), parameters: GenerationParameters = GenerationParameters(),
        viewSize: TerminalSize = TerminalSize(columns: 80, rows: 24)
    ) {
        self.document = document
        self.parameters = parameters
        self.viewSize = viewSize
        self.noteLength = document.score.stepsPerQuarter
        self.cursor = Cursor(step: 0, pitch: 60)
        self.pianoOctave = 4
        self.scroll = ScrollOffset(firstStep: 0, topPitch: 72)
        centreRollOnSingableRange()
        followCursor()
    }

    /// C4–C5, the octave most voices sing in: an empty score opens with it in the middle of the
    /// roll, so the first notes typed land where a tune usually lives.
    public static let singableRange = 60...72

    /// Centres the roll on the singable range, or on the cursor once it has left that range.
    mutating func centreRollOnSingableRange() {
        let rows = max(1, ScreenLayout(size: viewSize).rollRows)
        let range = Self.singableRange
        let centre = range.contains(cursor.pitch) ? (range.lowerBound + range.upperBound + 1) / 2 : cursor.pitch
        scroll.topPitch = min(127, centre + rows / 2)
    }

    /// Nothing written and nothing generated yet.
    public var isEmpty: Bool { document.score.notes.isEmpty && document.variations.isEmpty }

    public var score: Score { document.score }
    public var stepsPerBar: Int { max(1, document.score.stepsPerBar) }
    public var stepsPerBeat: Int {
        max(1, document.score.stepsPerQuarter * 4 / max(1, document.score.timeSignature.denominator))
    }
    public var isPlaying: Bool { playbackRun != nil }

    /// The seed note sounding at the cursor, if any: the current part's, where two parts sound
    /// the same pitch there.
    public var seedNoteIndexAtCursor: Int? {
        let sounding = document.score.notes.indices.filter { index in
            let note = document.score.notes[index]
            return note.pitch == cursor.pitch && note.start <= cursor.step && cursor.step < note.end
        }
        return sounding.last { document.score.notes[$0].part == currentPart } ?? sounding.last
    }

    /// The generated note of the current variation sounding at the cursor, if any: the current
    /// part's, where several parts sound the same pitch there.
    public var generatedNoteIndexAtCursor: Int? {
        guard let notes = document.current?.notes else { return nil }
        let sounding = notes.indices.filter { index in
            let note = notes[index].note
            return note.pitch == cursor.pitch && note.start <= cursor.step && cursor.step < note.end
        }
        return sounding.last { notes[$0].note.part == currentPart } ?? sounding.last
    }

    /// The selected steps while selecting.
    public var selection: ClosedRange<Int>? {
        guard case .select(let anchor) = mode else { return nil }
        return min(anchor, cursor.step)...max(anchor, cursor.step)
    }

    /// Scrolls the roll the least amount that keeps the cursor visible with a small margin.
    mutating func followCursor() {
        let layout = ScreenLayout(size: viewSize)
        let columns = max(1, layout.rollColumns)
        let rows = max(1, layout.rollRows)
        let stepMargin = min(4, (columns - 1) / 2)
        if cursor.step < scroll.firstStep + stepMargin {
            scroll.firstStep = max(0, cursor.step - stepMargin)
        } else if cursor.step > scroll.firstStep + columns - 1 - stepMargin {
            scroll.firstStep = cursor.step - (columns - 1 - stepMargin)
        }
        let pitchMargin = min(2, (rows - 1) / 2)
        if cursor.pitch > scroll.topPitch - pitchMargin {
            scroll.topPitch = min(127, cursor.pitch + pitchMargin)
        } else if cursor.pitch < scroll.topPitch - (rows - 1) + pitchMargin {
            scroll.topPitch = cursor.pitch + (rows - 1) - pitchMargin
        }
        scroll.topPitch = min(127, max(scroll.topPitch, min(127, rows - 1)))
    }
}
