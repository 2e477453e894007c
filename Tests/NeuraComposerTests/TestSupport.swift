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

/// A four-voice generator for the bookkeeping of parts, never for what the music is. It says, as
/// the real sampler does, which parts its notes name (soprano, alto, tenor, bass) and which part
/// of the job's score it hears as each: the kept parts as the soprano, else every part with
/// notes before the range as the soprano. Then it writes, one note per beat through the range,
/// each voice that is not heard as a kept part a fourth below the one above, starting from G5;
/// every note's alternatives weigh the next pitch up in its own part and the same pitch in the
/// part below.
struct FourVoiceGenerator: NoteGenerator {
    static let voices = ["soprano", "alto", "tenor", "bass"].map { Part(name: $0, program: 52) }

    func generate(_ job: GenerationJob, model: String?, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool) throws {
        let heard = job.keptParts.isEmpty
            ? Set(job.score.notes.filter { $0.start < job.range.lowerBound }.map(\.part)) : job.keptParts
        emit(.parts(ModelParts(parts: Self.voices, heardAs: Dictionary(uniqueKeysWithValues: heard.map { ($0, 0) }))))
        let written = job.keptParts.isEmpty ? 0..<4 : 1..<4
        let beat = job.score.stepsPerQuarter
        for variation in 0..<job.controls.variations {
            for start in stride(from: job.range.lowerBound, to: job.range.upperBound, by: beat) {
                if isCancelled() { return }
                for voice in written {
                    let pitch = 79 - 5 * voice + variation
                    let note = Note(pitch: pitch, start: start, length: min(beat, job.range.upperBound - start), part: voice)
                    emit(.note(variation: variation, SampledNote(note: note, alternatives: [
                        NoteAlternative(pitch: pitch, part: voice, probability: 0.5),
                        NoteAlternative(pitch: pitch + 1, part: voice, probability: 0.3),
                        NoteAlternative(pitch: pitch, part: min(3, voice + 1), probability: 0.2),
                    ])))
                }
                emit(.progress(variation: variation, step: start + beat - job.range.lowerBound, total: job.range.count))
            }
        }
    }
}

/// Runs a started job through `generator` synchronously, feeding every event to the reducer.
func stream(_ request: StartedJob, through generator: any NoteGenerator, into state: inout ComposerState) throws {
    try generator.generate(
        request.job, model: request.model, emit: { _ = reduce(&state, .generation(jobID: request.jobID, $0)) },
        isCancelled: { false })
    _ = reduce(&state, .generationFinished(jobID: request.jobID))
}
