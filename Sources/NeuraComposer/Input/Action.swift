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
    case themeLoaded(name: String)
    case modelLoaded(path: String)
    /// The playhead reached this step; nil when playback stopped.
    case playback(step: Int?)
    /// A failure in the shell (a file, a theme, the session) to show on the status line.
    case error(String)
    case info(String)
    /// SIGTERM, SIGHUP or SIGINT from outside: save and leave.
    case terminate
}

/// A request for a side effect. `reduce` only asks; the shell does the work and answers with
/// actions, so that tests can check what was asked without doing any of it.
public enum Effect: Hashable, Sendable {
    case startGeneration(GenerationRequest)
    case cancelGeneration(jobID: Int)
    case writeFile(path: String, ExportedTake)
    case loadFile(path: String)
    case loadTheme(String)
    case loadModel(String)
    case play(Score, fromStep: Int)
    case stopPlayback
    /// Write the session file now; the shell snapshots the state it holds.
    case saveSession
    case quit
}
