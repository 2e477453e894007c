import Foundation
import NeuraComposer
import NeuraCore
import NeuraLSTM
import NeuraMusic
import Testing

/// The composer binary in a real terminal (a detached tmux pane), with its own model folder,
/// state folder and home, so a test never reads or writes the user's files.
struct ComposerHarness {
    let folder: URL
    let tmux = Tmux()
    var width = 120
    var height = 40

    /// By default a small model with random weights, written by our own writer, stands in for
    /// the bundled chorale model: a real file that loads and samples as fast as a debug build
    /// can manage. `bundledModels` leaves the models that ship in place instead, for tests of
    /// what the model does.
    /// `parts` (with `anticipation` > 0: a model trained with controls) makes the stand-in a
    /// model of those voices, for tests of parts and harmonising.
    init(bundledModels: Bool = false, parts: [PartRole] = [], anticipation: Int = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-e2e-\(UUID().uuidString)")
        for sub in ["models", "state", "home"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        guard !bundledModels else { return }
        let encoding = parts.isEmpty
            ? EncodingConfig()
            : EncodingConfig(lowestPitch: 36, highestPitch: 84, maxLength: 16, maxShift: 8, parts: parts, anticipation: anticipation)
        var rng = SplitMix64(seed: 3)
        let config = try LSTMConfig(vocabularySize: encoding.vocabularySize, embeddingSize: 8, hiddenSize: 16, layers: 1)
        try NeuraModel(
            name: "chorale", url: nil, parameters: LSTMParameters(config: config, rng: &rng), encoding: encoding,
            trainingRecord: nil
        ).write(to: folder.appendingPathComponent("models/chorale.safetensors"))
    }

    var sessionStore: SessionStore { SessionStore(path: folder.appendingPathComponent("state/neurascore/session.json").path) }

    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    /// Starts the composer and waits for its first frame.
    func launch(_ arguments: String = "") throws {
        let binary = try NeuraScoreBinary.url().path
        let command = "env NEURASCORE_MODELS='\(folder.path)/models' XDG_STATE_HOME='\(folder.path)/state' "
            + "HOME='\(folder.path)/home' XDG_CONFIG_HOME='\(folder.path)/home' LANG=C.UTF-8 "
            + "'\(binary)' \(arguments)"
        try tmux.start(command, width: width, height: height)
        try tmux.waitFor("NORMAL")
    }

    /// The last line of the screen: mode, cursor, messages and progress.
    static func statusLine(of screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).last { !$0.isEmpty }.map(String.init) ?? ""
    }

    func cleanUp() {
        tmux.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
