import NeuraCore
import NeuraMusic

/// Everything that can change the composer: the user's input and the results that the shell's
/// workers (generation, files, playback) post back.
public enum Action: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(TerminalSize)
    case generation(jobID: Int, GenerationEvent)
    case generationFinished(jobID: Int)
    case generationCancelled(jobID: Int)
    case generationFailed(jobID: Int, message: String)
    case fileLoaded(path: String, Score, changes: String? = nil)
    case fileWritten(path: String)
    /// The file named at start-up does not exist yet: an empty piece that `:w` writes there.
    case newPiece(path: String)
    case themeLoaded(name: String)
    /// `:model` or `:style` resolved: the model to store (an installed model's name, or a path),
    /// and the STYLE token to generate with (nil for a model trained on one style).
    case modelChosen(model: String, style: String?)
    /// The measured sampling defaults in the file of `model` (as `parameters.model` names it;
    /// nil: the default model), or nil where it has none.
    case modelSamplingDefaults(model: String?, SamplingDefaults?)
    /// The take's figures for the evaluation view, answering `.measureTake`.
    case takeMeasured(requestID: Int, TakeEvaluation)
    case takeMeasurementFailed(requestID: Int, message: String)
    /// Seconds since the current playback (or pass of a loop) began, from the shell's clock.
    case playbackClock(seconds: Double)
    /// The outcome of opening the audio output at start-up.
    case audioOutput(AudioOutputStatus)
    /// `:render` finished: the WAV at `path` holds `seconds` of audio.
    case audioRendered(path: String, seconds: Double)
    /// A failure in the shell (a file, a theme, the session) to show on the status line.
    case error(String)
    case info(String)
    /// SIGTERM, SIGHUP or SIGINT from outside: save and leave.
    case terminate
}

/// A request for a side effect. `reduce` only asks; the shell does the work and answers with
/// actions, so that tests can check what was asked without doing any of it.
public enum Effect: Hashable, Sendable {
    /// Run `job` with `model` (a name or a path; nil: the default); events come back tagged `jobID`.
    case startGeneration(jobID: Int, job: GenerationJob, model: String?)
    case cancelGeneration(jobID: Int)
    case writeFile(path: String, ExportedTake)
    case loadFile(path: String)
    case loadTheme(String)
    /// Resolve `:model NAME|PATH` or `:style NAME` (one of the two is set) and answer with
    /// `.modelChosen`, or with `.error` naming the valid choices.
    case chooseModel(model: String?, style: String?)
    /// Read the measured sampling defaults of `model` (nil: the default model) and answer with
    /// `.modelSamplingDefaults`.
    case readSamplingDefaults(model: String?)
    /// Measure `take` as `neurascore metrics` would and read the reference figures of `model`
    /// off the UI thread; answer with `.takeMeasured` or `.takeMeasurementFailed`.
    case measureTake(requestID: Int, take: Score, model: String?)
    /// Sound the take from this step (the shell restarts its clock: `playbackClock` counts from here).
    case play(ExportedTake, fromStep: Int)
    /// Loop mode: the pass that began `passSeconds` ago has ended; sound the take from this step
    /// again, starting exactly where that pass ended (the shell's clock moves on by `passSeconds`).
    case playAgain(ExportedTake, fromStep: Int, passSeconds: Double)
    case stopPlayback
    /// Sound one note now (a note just written), on the seed's program.
    case previewNote(pitch: Int, velocity: Int, program: Int)
    /// Render the take to a WAV file off the UI thread.
    case renderAudio(path: String, ExportedTake)
    /// Write the session file now; the shell snapshots the state it holds.
    case saveSession
    case quit
}
