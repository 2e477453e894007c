import Foundation
import NeuraCore

/// The one thing the composer needs from a model: run a NeuraCore `GenerationJob` with the
/// model the user chose (a name or a path; nil: the default) and stream its events.
/// Called on a background queue; it checks `isCancelled` at least once per sampled token and
/// returns early, without throwing, when it says so. A failure (a missing model, a bad file)
/// throws an error whose description the status line shows.
public protocol NoteGenerator: Sendable {
    func generate(
        _ job: GenerationJob, model: String?, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool
    ) throws

    /// The model in the file at `url`, as this generator would generate with it.
    func loadedModel(at url: URL) throws(ModelError) -> NeuraModel
}

extension NoteGenerator {
    public func loadedModel(at url: URL) throws(ModelError) -> NeuraModel {
        try NeuraModel.load(contentsOf: url)
    }
}
