import ArgumentParser
import Dispatch
import NeuraComposer
import NeuraLSTM

struct ComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "The interactive composer: a piano roll where an LSTM continues your notes.",
        discussion: "Press ? inside for the keys: g continues, G writes the other parts under the current part's melody, "
            + "t picks the part new notes go into. The session autosaves after every edit and comes back on the next start.")

    @Argument(help: "A MIDI file to open.")
    var file: String?

    @Option(help: "A model name or .safetensors path.")
    var model: String?

    @Option(help: "The style to generate in (e.g. chorale, folk).")
    var style: String?

    @Option(help: "A theme name (dark, light, high-contrast, amber) or a .toml path.")
    var theme: String?

    @Option(help: "A General MIDI SoundFont (.sf2/.sf3) for playback and :render; default: $NEURASCORE_SOUNDFONT, then the installed GM fonts.")
    var soundfont: String?

    @Flag(name: .customLong("new"), help: "Start with an empty score instead of the autosaved session.")
    var startNew = false

    @Flag(help: "Time layout and render of a 200x60 frame with 2,000 notes, then exit.")
    var benchFrame = false

    func run() throws {
        if benchFrame {
            print(FrameBenchmark.run())
            return
        }
        let options = ComposerOptions(filePath: file, modelPath: model, style: style, theme: theme, startNew: startNew)
        // One BLAS thread: the sampler then leaves the other core to the UI, which must never wait on it.
        BLAS.setThreadCount(1)
        let generator = ModelNoteGenerator()
        // Load and pack the model while the first frame is drawn, so that the first `g` samples at once.
        let modelName = model ?? style
        DispatchQueue.global(qos: .utility).async { generator.preload(modelName) }
        let services = ComposerServices(
            generator: generator, files: MIDIScoreFiles(), sessionStore: SessionStore.standard(),
            themes: ThemeLocator.standard(), audio: ComposerAudio(soundFontPath: soundfont))
        try ComposerApp(options: options, services: services).run()
    }
}
