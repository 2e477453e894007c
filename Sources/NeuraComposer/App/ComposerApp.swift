import CNcurses
import Dispatch
import Foundation
import NeuraAudio
import NeuraCore
import NeuraMusic

/// What the composer is started with (from `neurascore compose`).
public struct ComposerOptions: Sendable {
    public var filePath: String?
    public var modelPath: String?
    public var style: String?
    /// A theme name or a .toml path.
    public var theme: String?
    /// Start with an empty score instead of restoring the autosaved session.
    public var startNew: Bool

    public init(filePath: String? = nil, modelPath: String? = nil, style: String? = nil, theme: String? = nil,
                startNew: Bool = false) {
        self.filePath = filePath
        self.modelPath = modelPath
        self.style = style
        self.theme = theme
        self.startNew = startNew
    }
}

/// The services the composer uses but does not own. Any may be missing; the composer then
/// says so on the status line when the user asks for it.
public struct ComposerServices: Sendable {
    public var generator: (any NoteGenerator)?
    public var files: (any ScoreFileService)?
    public var sessionStore: SessionStore?
    public var themes: ThemeLocator
    /// nil: no sound at all; the playhead still runs and the status line says so.
    public var audio: ComposerAudio?
    /// Where `:model` and `:style` look names up.
    public var models: ModelLocator

    public init(generator: (any NoteGenerator)?, files: (any ScoreFileService)?,
                sessionStore: SessionStore?, themes: ThemeLocator, audio: ComposerAudio? = nil,
                models: ModelLocator = .standard()) {
        self.generator = generator
        self.files = files
        self.sessionStore = sessionStore
        self.themes = themes
        self.audio = audio
        self.models = models
    }
}

/// The interactive shell: one loop that waits on the keyboard, on workers and on a timer,
/// feeds actions to `reduce`, carries out the effects and draws `render`'s frames.
public final class ComposerApp {
    private let options: ComposerOptions
    private let services: ComposerServices
    private let inbox = ActionInbox()
    private var state: ComposerState
    private var runner: GenerationRunner?
    private var autosaver: SessionAutosaver?
    /// When the current pass of playback began (a little ahead of "now": the audio's start latency).
    private var playbackStartedAt: Date?
    /// Where the current pass starts on the live player's clock, so that a loop's next pass follows on.
    private var playbackStartTick: UInt32?
    private let player = PlayerSlot()
    private let workQueue = DispatchQueue(label: "neurascore.files", qos: .userInitiated)
    /// Opening the audio output and rendering WAVs; apart from files, so neither waits on the other.
    private let audioQueue = DispatchQueue(label: "neurascore.audio", qos: .userInitiated)

    public init(options: ComposerOptions, services: ComposerServices) {
        self.options = options
        self.services = services
        state = ComposerState()
    }

    /// Runs in the real terminal until the user quits. The terminal is restored on every way
    /// out: a normal quit, a thrown error, SIGTERM/SIGHUP/SIGINT, or a crash (see the shim).
    public func run() throws(TerminalError) {
        let terminal = try Terminal(theme: Theme.builtInDark)
        defer { terminal.restore() }
        ns_install_termination_handlers(inbox.wakeWriteDescriptor)
        run(on: terminal)
    }

    /// The loop itself, on any terminal device.
    public func run(on terminal: any TerminalDevice) {
        var startupMessages: [Action] = []
        let themeName = options.theme ?? ThemeLocator.defaultName
        do {
            let theme = try services.themes.load(themeName)
            terminal.setTheme(theme)
            state.themeName = theme.name
        } catch {
            startupMessages.append(.error(error.description + "; using the built-in dark theme"))
        }
        startupMessages += restoreSession()
        if let generator = services.generator {
            runner = GenerationRunner(generator: generator, post: inbox.post)
        }
        if let store = services.sessionStore {
            autosaver = SessionAutosaver(store: store, report: inbox.post)
        }
        openAudioOutput()
        let renderOptions = RenderOptions(unicode: terminal.supportsUnicode)

        apply(.resize(terminal.size), terminal: terminal)
        if terminal.colorDepth == .none, ProcessInfo.processInfo.environment["NO_COLOR"] == nil {
            startupMessages.append(.info("this terminal reports no colours; using attributes only"))
        }
        if options.modelPath == nil, options.style == nil {
            // Read before the first key: a `g` typed at once must already sample at the model's
            // measured defaults, as the header says. Loading one model takes milliseconds.
            startupMessages = ModelFileReadings.samplingDefaults(
                of: state.parameters.model, locator: services.models, load: loadForGenerating) + startupMessages
        }
        // Errors last, so that an information line cannot hide them.
        let errorsLast = startupMessages.filter { if case .error = $0 { false } else { true } }
            + startupMessages.filter { if case .error = $0 { true } else { false } }
        for action in errorsLast { apply(action, terminal: terminal) }
        if options.modelPath != nil || options.style != nil {
            perform([.chooseModel(model: options.modelPath, style: options.style)], terminal: terminal)
        }
        if let typedPath = options.filePath {
            let path = (typedPath as NSString).expandingTildeInPath
            if FileManager.default.fileExists(atPath: path) {
                perform([.loadFile(path: path)], terminal: terminal)
            } else {
                apply(.newPiece(path: path), terminal: terminal)
            }
        }

        while !state.wantsQuit {
            terminal.draw(render(state, size: terminal.size, options: renderOptions))
            waitForInput(on: terminal.inputDescriptor, timeout: nextWakeUp())
            var actions: [Action] = []
            for input in terminal.readInputs() {
                switch input {
                case .key(.control("l")): terminal.invalidate()
                case .key(let key): actions.append(.key(key))
                case .mouse(let event): actions.append(.mouse(event))
                case .resized(let size): actions.append(.resize(size))
                }
            }
            actions += inbox.drain()
            if ns_pending_termination_signal() != 0 { actions.append(.terminate) }
            if let started = playbackStartedAt {
                actions.append(.playbackClock(seconds: Date().timeIntervalSince(started)))
            }
            for action in actions { apply(action, terminal: terminal) }
            if actions.contains(where: \.endsGeneration) { FreedMemory.release() }
        }
        runner?.cancelAll()
        player.player?.stop()
        if let autosaver {
            do {
                try autosaver.saveNow(state.session)
            } catch {
                terminal.restore()
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
            }
        }
    }

    /// The state as the loop left it, for tests and for a caller that wants to report on exit.
    public var finalState: ComposerState { state }

    /// Loads a model as the generator keeps it, so that reading its settings and generating with
    /// it load the file once.
    private var loadForGenerating: @Sendable (URL) throws(ModelError) -> NeuraModel {
        let generator = services.generator
        return { url throws(ModelError) in
            if let generator { return try generator.loadedModel(at: url) }
            return try NeuraModel.load(contentsOf: url)
        }
    }

    private func apply(_ action: Action, terminal: any TerminalDevice) {
        perform(reduce(&state, action), terminal: terminal)
    }

    /// Opens the sound output in the background; the UI runs (silently) until it is ready.
    private func openAudioOutput() {
        guard let audio = services.audio else {
            inbox.post(.audioOutput(.failed("this build has no audio output")))
            return
        }
        audioQueue.async { [inbox, player] in
            do {
                let opened = try audio.openPlayer()
                player.player = opened
                inbox.post(.audioOutput(.ready(opened.driverName)))
            } catch {
                if case .noAudioDevice(let reason) = error as? AudioError {
                    inbox.post(.audioOutput(.noDevice(reason)))
                } else {
                    inbox.post(.audioOutput(.failed("\(error)")))
                }
            }
        }
    }

    /// While playing, wake when the playhead reaches its next step; otherwise now and then.
    private func nextWakeUp() -> Double {
        guard let started = playbackStartedAt, let run = state.playbackRun else { return 0.25 }
        return max(0.002, run.secondsToNextStep(after: Date().timeIntervalSince(started)))
    }

    private func restoreSession() -> [Action] {
        guard let store = services.sessionStore else { return [] }
        if options.startNew { return [.info("new score (the previous session is replaced on the first edit)")] }
        do {
            switch try store.load() {
            case .noSession: return []
            case .restored(let session):
                state = ComposerState(restoring: session, viewSize: state.viewSize)
                return [.info("restored the last session (start with --new for an empty score)")]
            case .movedAside(let movedTo, let problem):
                return [.error("the saved session was damaged (\(problem)); moved it to \(movedTo)")]
            }
        } catch {
            return [.error(error.description)]
        }
    }

    /// Blocks the UI thread only while there is nothing to do: until a key, a worker's action
    /// or the timeout. Terminal resizes interrupt `poll` too (ncurses handles SIGWINCH).
    private func waitForInput(on inputDescriptor: Int32, timeout seconds: Double) {
        var descriptors = [
            pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&descriptors, nfds_t(descriptors.count), Int32(seconds * 1000))
    }

    private func perform(_ effects: [Effect], terminal: any TerminalDevice) {
        for effect in effects {
            switch effect {
            case .startGeneration(let jobID, let job, let model):
                if let runner {
                    runner.start(jobID: jobID, job: job, model: model)
                } else {
                    inbox.post(.generationFailed(
                        jobID: jobID, message: "no generator in this build (the LSTM session is not linked)"))
                }
            case .cancelGeneration(let jobID):
                runner?.cancel(jobID: jobID)
            case .writeFile(let typedPath, let take):
                let path = (typedPath as NSString).expandingTildeInPath
                guard let files = services.files else {
                    inbox.post(.error("cannot write \(path): MIDI writing is not linked into this build"))
                    continue
                }
                workQueue.async { [inbox] in
                    do {
                        try files.writeTake(take, toPath: path)
                        inbox.post(.fileWritten(path: path))
                    } catch {
                        inbox.post(.error("\(error)"))
                    }
                }
            case .loadFile(let typedPath):
                let path = (typedPath as NSString).expandingTildeInPath
                guard let files = services.files else {
                    inbox.post(.error("cannot open \(path): MIDI reading is not linked into this build"))
                    continue
                }
                workQueue.async { [inbox] in
                    do {
                        let loaded = try files.readScore(atPath: path, stepsPerQuarter: ComposerDocument.stepsPerQuarter)
                        inbox.post(.fileLoaded(path: path, loaded.score, changes: loaded.report.shortSummary))
                    } catch {
                        inbox.post(.error("\(error)"))
                    }
                }
            case .loadTheme(let name):
                do {
                    let theme = try services.themes.load(name)
                    terminal.setTheme(theme)
                    inbox.post(.themeLoaded(name: theme.name))
                } catch {
                    let known = services.themes.availableNames().joined(separator: ", ")
                    inbox.post(.error("\(error.description) (available: \(known))"))
                }
            case .chooseModel(let model, let style):
                let locator = services.models
                workQueue.async { [inbox] in
                    do {
                        let typed = model.map { ($0 as NSString).expandingTildeInPath }
                        let choice = try locator.choose(model: typed, style: style)
                        let isPath = typed.map { $0.contains("/") || $0.hasSuffix(".safetensors") } ?? false
                        inbox.post(.modelChosen(model: isPath ? choice.url.path : choice.name, style: choice.style))
                    } catch {
                        inbox.post(.error("\(error)"))
                    }
                }
            case .readSamplingDefaults(let model):
                let locator = services.models
                let load = loadForGenerating
                workQueue.async { [inbox] in
                    for action in ModelFileReadings.samplingDefaults(of: model, locator: locator, load: load) {
                        inbox.post(action)
                    }
                }
            case .measureTake(let requestID, let take, let model):
                let locator = services.models
                workQueue.async { [inbox] in
                    for action in ModelFileReadings.measure(take, requestID: requestID, model: model, locator: locator) {
                        inbox.post(action)
                    }
                }
            case .play(let take, let fromStep):
                let live = player.player
                playbackStartTick = live?.play(ComposerAudio.schedule(of: take, fromStep: fromStep))
                playbackStartedAt = Date().addingTimeInterval(live == nil ? 0 : LivePlayer.startLatency)
            case .playAgain(let take, let fromStep, let passSeconds):
                // Both clocks move on by exactly one pass, so a loop neither drifts nor leaves a gap.
                playbackStartedAt = (playbackStartedAt ?? Date()).addingTimeInterval(passSeconds)
                if let live = player.player {
                    let nextTick = playbackStartTick.map { $0 &+ UInt32((passSeconds * 1000).rounded()) }
                    playbackStartTick = live.play(ComposerAudio.schedule(of: take, fromStep: fromStep), atTick: nextTick)
                }
            case .stopPlayback:
                playbackStartedAt = nil
                playbackStartTick = nil
                player.player?.stop()
            case .previewNote(let pitch, let velocity, let program):
                player.player?.preview(pitch: pitch, velocity: velocity, program: program)
            case .renderAudio(let typedPath, let take):
                let path = (typedPath as NSString).expandingTildeInPath
                guard let audio = services.audio else {
                    inbox.post(.error("cannot render \(path): this build has no audio rendering"))
                    continue
                }
                audioQueue.async { [inbox] in
                    do {
                        let rendered = try audio.render(take, toPath: path)
                        inbox.post(.audioRendered(path: path, seconds: rendered.seconds))
                    } catch {
                        inbox.post(.error("\(error)"))
                    }
                }
            case .saveSession:
                autosaver?.save(state.session)
            case .quit:
                break
            }
        }
    }
}
