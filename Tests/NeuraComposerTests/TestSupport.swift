import NeuraCore
import NeuraMusic
@testable import NeuraComposer

/// Feeds keys to the reducer the way the terminal would, collecting every effect.
@discardableResult
func press(_ keys: [Key], into state: inout ComposerState) -> [Effect] {
    keys.flatMap { reduce(&state, .key($0)) }
}

/// Each character of `text` as a key press.
func keys(_ text: String) -> [Key] {
    text.map { Key.character($0) }
}

func seedNotes(_ state: ComposerState) -> [[Int]] {
    state.document.score.notes.map { [$0.pitch, $0.start, $0.length] }
}

/// A `.startGeneration` effect's contents.
struct StartedJob {
    var jobID: Int
    var job: GenerationJob
    var model: String?
}

func generationRequests(in effects: [Effect]) -> [StartedJob] {
    effects.compactMap { effect in
        if case .startGeneration(let jobID, let job, let model) = effect { return StartedJob(jobID: jobID, job: job, model: model) }
        return nil
    }
}

/// A generator for the reducer's bookkeeping and the runner, never for what the music is: it
/// walks up a major scale built on the last pitch heard before the range, one note per beat,
/// and reports a fixed entropy. Deterministic, and it honours cancellation between notes like
/// a real sampler does between steps. For a pick it keeps every note on the pick's step that
/// is lower than the pick, as a single-voice model's order would.
struct ScaleWalkGenerator: NoteGenerator {
    var pauseBetweenNotes: (@Sendable () -> Void)?

    func generate(_ job: GenerationJob, model: String?, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool) throws {
        let major = [0, 2, 4, 5, 7, 9, 11]
        let start = job.range.lowerBound
        if let pick = job.pick {
            emit(.opening(job.score.notes.filter { $0.start == start && $0.pitch < pick.pitch } + [pick]))
        }
        let startPitch = job.pick?.pitch ?? job.score.notes.filter { $0.start < start }.last?.pitch ?? 60
        let beat = job.score.stepsPerQuarter
        let first = job.pick == nil ? 0 : 1
        let count = job.range.count / beat
        for variation in 0..<job.controls.variations {
            for index in first..<max(first, count) {
                if isCancelled() { return }
                pauseBetweenNotes?()
                let degree = index + variation
                let pitch = startPitch + 12 * (degree / 7) + major[degree % 7]
                let note = Note(pitch: pitch, start: start + index * beat, length: beat)
                emit(.note(variation: variation, SampledNote(
                    note: note,
                    alternatives: [NoteAlternative(pitch: pitch, probability: 0.6), NoteAlternative(pitch: pitch + 1, probability: 0.3)])))
                emit(.entropy(variation: variation, step: note.start, nats: Float(index % 5)))
                emit(.progress(variation: variation, step: min(job.range.count, (index + 1) * beat), total: job.range.count))
            }
        }
    }
}

struct BrokenModelError: Error, CustomStringConvertible {
    var description: String { "model file /tmp/missing.safetensors not found" }
}

struct FailingGenerator: NoteGenerator {
    func generate(_ job: GenerationJob, model: String?, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool) throws {
        throw BrokenModelError()
    }
}
