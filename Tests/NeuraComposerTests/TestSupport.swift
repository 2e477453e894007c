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

func generationRequests(in effects: [Effect]) -> [GenerationRequest] {
    effects.compactMap { effect in
        if case .startGeneration(let request) = effect { return request }
        return nil
    }
}

/// A generator for exercising the runner and the streaming: it walks up a major scale built
/// on the last seed pitch, one note per beat, and reports a fixed entropy. Deterministic,
/// and it honours cancellation between notes like a real sampler does between steps.
struct ScaleWalkGenerator: NoteGenerator {
    var pauseBetweenNotes: (@Sendable () -> Void)?

    func generate(request: GenerationRequest, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool) throws {
        let major = [0, 2, 4, 5, 7, 9, 11]
        let startPitch = request.seed.notes.last?.pitch ?? 60
        let beat = request.seed.stepsPerQuarter
        let count = request.lengthSteps / beat
        for variation in 0..<request.variationCount {
            for index in 0..<count {
                if isCancelled() { return }
                pauseBetweenNotes?()
                let degree = index + variation
                let pitch = startPitch + 12 * (degree / 7) + major[degree % 7]
                let note = Note(pitch: pitch, start: request.startStep + index * beat, length: beat)
                emit(.note(variation: variation, GeneratedNote(
                    note: note,
                    alternatives: [NoteAlternative(pitch: pitch, probability: 0.6), NoteAlternative(pitch: pitch + 1, probability: 0.3)])))
                emit(.entropy(variation: variation, step: note.start, nats: Double(index % 5)))
                emit(.progress(Double(variation * count + index + 1) / Double(request.variationCount * count)))
            }
        }
    }
}

struct BrokenModelError: Error, CustomStringConvertible {
    var description: String { "model file /tmp/missing.safetensors not found" }
}

struct FailingGenerator: NoteGenerator {
    func generate(request: GenerationRequest, emit: (GenerationEvent) -> Void, isCancelled: () -> Bool) throws {
        throw BrokenModelError()
    }
}
