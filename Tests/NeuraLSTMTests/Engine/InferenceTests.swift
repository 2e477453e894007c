import Testing
@testable import NeuraLSTM

@Suite struct InferenceTests {
    static let config = try! LSTMConfig(vocabularySize: 11, embeddingSize: 5, hiddenSize: 6, layers: 2)

    static func parameters(seed: UInt64 = 3) -> LSTMParameters {
        var rng = SplitMix64(seed: seed)
        return LSTMParameters(config: config, rng: &rng)
    }

    /// Logits of the training forward pass at every position of one sequence, (T, V).
    static func trainingLogits(_ parameters: LSTMParameters, _ tokens: [Int]) -> [Float] {
        var workspace = ModelWorkspace(config: parameters.config, batch: 1, steps: tokens.count, usesDropout: false, forTraining: false)
        for (step, token) in tokens.enumerated() {
            workspace.setRow(step: step, sequence: 0, input: token, target: 0, lossWeight: 0)
        }
        let layout = workspace.layout
        var rng = SplitMix64(seed: 0)
        parameters.values.withUnsafeBufferPointer { p in
            workspace.withBuffers { activations, inputs, targets in
                LSTMModel.forward(parameters: p.baseAddress!, parameterLayout: parameters.layout, activations: activations,
                                  layout: layout, inputs: inputs, targets: targets, output: .lossesAtEveryRow,
                                  dropout: 0, rng: &rng)
            }
        }
        return Array(workspace.activations[layout.logits])
    }

    func expectClose(_ a: [Float], _ b: [Float], _ what: String) {
        let mismatch = firstMismatch(a, b.map(Double.init), relative: 1e-5, absolute: 1e-6)
        #expect(mismatch == nil, "\(what): \(mismatch ?? "")")
    }

    @Test func steppingReproducesTheTrainingForward() throws {
        let parameters = Self.parameters()
        let tokens = [0, 4, 9, 9, 2, 10, 1]
        let v = Self.config.vocabularySize
        let expected = Self.trainingLogits(parameters, tokens)
        var session = InferenceSession(parameters: parameters)
        expectClose(try session.prime(prefixes: [[tokens[0]]])[0], Array(expected[0..<v]), "after priming")
        for position in 1..<tokens.count {
            expectClose(try session.step(tokens: [tokens[position]]), Array(expected[(position * v)..<((position + 1) * v)]),
                        "position \(position)")
        }
        var whole = InferenceSession(parameters: parameters)
        expectClose(try whole.prime(prefixes: [tokens])[0], Array(expected[((tokens.count - 1) * v)...]), "primed whole")
        let (primed, stepped) = (try whole.snapshot(ofStream: 0), try session.snapshot(ofStream: 0))
        expectClose(primed.hidden, stepped.hidden, "hidden state")
        expectClose(primed.cell, stepped.cell, "cell state")
    }

    /// 3 streams make one group of the packed kernel, 6 a group of four and one of two.
    @Test(arguments: [3, 6])
    func batchedStreamsEqualSeparateStreams(streamCount: Int) throws {
        let parameters = Self.parameters()
        let allPrefixes = [[0, 1, 2, 3, 4], [0, 7], [0, 3, 3], [0], [0, 10, 9, 8], [0, 5]]
        let allContinuations = [[5, 6, 1], [8, 8, 2], [10, 0, 9], [1, 1, 1], [2, 3, 4], [9, 9, 0]]
        let prefixes = Array(allPrefixes.prefix(streamCount))
        let continuations = Array(allContinuations.prefix(streamCount))
        let v = Self.config.vocabularySize
        var batched = InferenceSession(parameters: parameters)
        var batchedLogits = try batched.prime(prefixes: prefixes).flatMap { $0 }
        var separate: [[Float]] = []
        for (prefix, continuation) in zip(prefixes, continuations) {
            var single = InferenceSession(parameters: parameters)
            var logits = try single.prime(prefixes: [prefix])[0]
            for token in continuation { logits += try single.step(tokens: [token]) }
            separate.append(logits)
        }
        for step in 0..<3 {
            batchedLogits += try batched.step(tokens: continuations.map { $0[step] })
        }
        for stream in 0..<streamCount {
            for step in 0...3 {
                let row = step * streamCount + stream
                expectClose(Array(batchedLogits[(row * v)..<((row + 1) * v)]), Array(separate[stream][(step * v)..<((step + 1) * v)]),
                            "stream \(stream), step \(step)")
            }
        }
    }

    @Test func forkedStreamsEvolveIdentically() throws {
        let parameters = Self.parameters()
        var session = InferenceSession(parameters: parameters)
        _ = try session.prime(prefixes: [[0, 2, 4], [0, 9]])
        let copies = try session.fork(stream: 1, copies: 2)
        #expect(copies == 2..<4)
        #expect(session.streamCount == 4)
        let v = Self.config.vocabularySize
        for token in [3, 5, 7] {
            let logits = try session.step(tokens: [1, token, token, token])
            #expect(Array(logits[(2 * v)..<(3 * v)]) == Array(logits[(3 * v)..<(4 * v)]))
            expectClose(Array(logits[(1 * v)..<(2 * v)]), Array(logits[(2 * v)..<(3 * v)]), "fork vs original")
        }
        try session.drop(streams: [0, 2])
        #expect(session.streamCount == 2)
        #expect(try session.snapshot(ofStream: 0) == session.snapshot(ofStream: 1))
        #expect(throws: LSTMError.self) { try session.fork(stream: 5) }
        #expect(throws: LSTMError.self) { try session.step(tokens: [1]) }
        #expect(throws: LSTMError.self) { try session.step(tokens: [1, 11]) }
        let fresh = session.addStreams(count: 1)
        #expect(fresh == 2..<3)
        let zero = try session.snapshot(ofStream: 2)
        #expect(zero.hidden.allSatisfy { $0 == 0 } && zero.cell.allSatisfy { $0 == 0 })
    }

    /// Priming in pieces from a snapshot gives what one pass over the whole prefix gives.
    @Test func restoredSnapshotsContinueLikeOnePass() throws {
        let parameters = Self.parameters()
        let prefix = [0, 4, 2, 9, 7, 1, 3, 8]
        var whole = InferenceSession(parameters: parameters)
        let expected = try whole.prime(prefixes: [prefix])[0]

        var pieces = InferenceSession(parameters: parameters)
        _ = try pieces.restore([.zero(Self.config)])
        _ = try pieces.feed(Array(prefix[0..<3]))
        let middle = try pieces.snapshot(ofStream: 0)
        expectClose(try pieces.feed(Array(prefix[3...])), expected, "fed in two pieces")

        var resumed = InferenceSession(parameters: parameters)
        _ = try resumed.restore([middle, .zero(Self.config)])
        #expect(resumed.streamCount == 2)
        #expect(try resumed.snapshot(ofStream: 0) == middle)
        try resumed.drop(streams: [1])
        expectClose(try resumed.feed(Array(prefix[3...])), expected, "resumed from the snapshot")
        expectClose(try resumed.snapshot(ofStream: 0).cell, try whole.snapshot(ofStream: 0).cell, "cell state")

        #expect(throws: LSTMError.self) { try resumed.feed([]) }
        #expect(throws: LSTMError.self) { try resumed.feed([99]) }
        #expect(throws: LSTMError.self) { try resumed.restore([StreamSnapshot(hidden: [0], cell: [0])]) }
        _ = try resumed.fork(stream: 0)
        #expect(throws: LSTMError.self) { try resumed.feed([1]) }
    }
}
