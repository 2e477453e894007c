import Dispatch
import Foundation
import NeuraCore
import NeuraMusic
import Testing
@testable import NeuraComposer

/// Collects what the runner posts, as the shell's inbox would.
final class PostedActions: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [Action] = []
    let finished = DispatchSemaphore(value: 0)

    func post(_ action: Action) {
        lock.withLock { actions.append(action) }
        switch action {
        case .generationFinished, .generationCancelled, .generationFailed: finished.signal()
        default: break
        }
    }

    var all: [Action] { lock.withLock { actions } }
}

@Suite struct GenerationRunnerTests {
    func request(jobID: Int, state: inout ComposerState) throws -> StartedJob {
        press([.character("i")] + keys("zxc") + [.escape], into: &state)
        state.nextJobID = jobID
        return try #require(generationRequests(in: press(keys("g"), into: &state)).first)
    }

    @Test func runsOnABackgroundQueueAndStreamsIntoTheState() throws {
        var state = ComposerState()
        let request = try request(jobID: 1, state: &state)
        let posted = PostedActions()
        let runner = GenerationRunner(generator: ScaleWalkGenerator(), post: posted.post)
        runner.start(jobID: request.jobID, job: request.job, model: request.model)
        #expect(posted.finished.wait(timeout: .now() + 10) == .success)
        for action in posted.all { _ = reduce(&state, action) }
        #expect(posted.all.last == .generationFinished(jobID: 1))
        #expect(state.generation == .idle)
        #expect(state.document.variations.map(\.notes.count) == [16, 16, 16])
    }

    @Test func cancellationStopsTheJobPromptly() throws {
        var state = ComposerState()
        let request = try request(jobID: 5, state: &state)
        let posted = PostedActions()
        let gate = DispatchSemaphore(value: 0)
        let slow = ScaleWalkGenerator(pauseBetweenNotes: { gate.wait() })
        let runner = GenerationRunner(generator: slow, post: posted.post)
        runner.start(jobID: request.jobID, job: request.job, model: request.model)
        gate.signal()
        gate.signal()
        // Let two notes through, then cancel while the generator waits at the gate.
        while posted.all.filter({ if case .generation(_, .note) = $0 { true } else { false } }).count < 2 {
            usleep(1000)
        }
        runner.cancel(jobID: 5)
        gate.signal()
        #expect(posted.finished.wait(timeout: .now() + 10) == .success)
        let notes = posted.all.filter { if case .generation(_, .note) = $0 { true } else { false } }
        #expect(notes.count <= 3)
        #expect(posted.all.last == .generationCancelled(jobID: 5))
    }

    @Test func aStartedJobCancelsThePreviousOne() throws {
        var state = ComposerState()
        let first = try request(jobID: 1, state: &state)
        var second = first
        second.jobID = 2
        let posted = PostedActions()
        let gate = DispatchSemaphore(value: 0)
        let runner = GenerationRunner(generator: ScaleWalkGenerator(pauseBetweenNotes: { gate.wait() }), post: posted.post)
        runner.start(jobID: first.jobID, job: first.job, model: first.model)
        runner.start(jobID: second.jobID, job: second.job, model: second.model)
        for _ in 0..<200 { gate.signal() }
        #expect(posted.finished.wait(timeout: .now() + 10) == .success)
        #expect(posted.finished.wait(timeout: .now() + 10) == .success)
        let endings = posted.all.filter {
            switch $0 {
            case .generationFinished, .generationCancelled: true
            default: false
            }
        }
        #expect(endings == [.generationCancelled(jobID: 1), .generationFinished(jobID: 2)])
    }

    @Test func aThrowingGeneratorPostsAFailureWithItsMessage() throws {
        var state = ComposerState()
        let request = try request(jobID: 3, state: &state)
        let posted = PostedActions()
        GenerationRunner(generator: FailingGenerator(), post: posted.post).start(jobID: request.jobID, job: request.job, model: nil)
        #expect(posted.finished.wait(timeout: .now() + 10) == .success)
        #expect(posted.all == [.generationFailed(jobID: 3, message: "model file /tmp/missing.safetensors not found")])
    }
}
