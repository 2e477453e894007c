/// Negative log-likelihood of whole pieces, in nats.
public struct NLLResult: Sendable, Equatable {
    /// −Σ log p(x_t | x_<t) over every piece, in nats.
    public var totalNLL: Double
    /// Σ n: every token after each piece's first (BOS) is predicted once.
    public var tokenCount: Int
    /// Per piece, −log p(x_t | x_<t) for t = 1…n (present when asked for).
    public var perToken: [[Float]]?

    public var meanNLL: Double { tokenCount == 0 ? 0 : totalNLL / Double(tokenCount) }
}

/// Computes NLL the one way NeuraScore defines it everywhere (training's validation, `eval`,
/// the PyTorch scripts): every piece x0 = BOS, x1…xn starts from h = c = 0, and
/// NLL = −Σ_{t=1..n} log p(x_t | x_<t); the mean per token divides the sum over pieces by Σ n. Pieces of different lengths share batches
/// (longest first, padding masked out), and long pieces are run in chunks whose final state
/// starts the next chunk, so memory stays bounded without changing the result.
public struct NLLEvaluator: Sendable {
    public let parameters: LSTMParameters
    public let batchSize: Int
    public let chunkLength: Int
    private var workspace: ModelWorkspace?

    public init(parameters: LSTMParameters, batchSize: Int = 32, chunkLength: Int = 256) throws(LSTMError) {
        guard batchSize > 0, chunkLength > 0 else {
            throw .invalidConfig("batch size and chunk length must be positive, got \(batchSize) and \(chunkLength)")
        }
        self.parameters = parameters
        self.batchSize = batchSize
        self.chunkLength = chunkLength
    }

    public mutating func evaluate(pieces: [[Int]], keepPerToken: Bool = false) throws(LSTMError) -> NLLResult {
        let vocabularySize = parameters.config.vocabularySize
        for piece in pieces {
            if let bad = piece.first(where: { $0 < 0 || $0 >= vocabularySize }) {
                throw .tokenOutOfRange(token: bad, vocabularySize: vocabularySize)
            }
        }
        var result = NLLResult(
            totalNLL: 0, tokenCount: 0, perToken: keepPerToken ? pieces.map { [Float](repeating: 0, count: max(0, $0.count - 1)) } : nil)
        let order = pieces.indices.filter { pieces[$0].count > 1 }.sorted { pieces[$0].count > pieces[$1].count }
        guard let longest = order.first.map({ pieces[$0].count - 1 }) else { return result }
        let batch = min(batchSize, order.count)
        let steps = min(chunkLength, longest)
        if workspace?.matches(batch: batch, steps: steps, usesDropout: false) != true {
            workspace = ModelWorkspace(
                config: parameters.config, batch: batch, steps: steps, usesDropout: false, forTraining: false)
        }
        var workspace = self.workspace!
        self.workspace = nil
        defer { self.workspace = workspace }

        for groupStart in stride(from: 0, to: order.count, by: batch) {
            let group = Array(order[groupStart..<min(groupStart + batch, order.count)])
            let groupSteps = pieces[group[0]].count - 1
            workspace.clearInitialState()
            for chunkStart in stride(from: 0, to: groupSteps, by: steps) {
                for sequence in 0..<batch {
                    let piece = sequence < group.count ? pieces[group[sequence]] : []
                    for step in 0..<steps {
                        let position = chunkStart + step
                        let counted = position + 1 < piece.count
                        workspace.setRow(
                            step: step, sequence: sequence, input: counted ? piece[position] : 0,
                            target: counted ? piece[position + 1] : 0, lossWeight: counted ? 1 : 0)
                    }
                }
                runForward(&workspace)
                let layout = workspace.layout
                for (sequence, pieceIndex) in group.enumerated() {
                    let predicted = pieces[pieceIndex].count - 1
                    for step in 0..<steps where chunkStart + step < predicted {
                        let loss = workspace.value(layout.losses, step * batch + sequence)
                        result.totalNLL += Double(loss)
                        result.tokenCount += 1
                        result.perToken?[pieceIndex][chunkStart + step] = loss
                    }
                }
                workspace.carryFinalState()
            }
        }
        return result
    }

    private func runForward(_ workspace: inout ModelWorkspace) {
        let layout = workspace.layout
        let parameterLayout = parameters.layout
        var unusedRNG = SplitMix64(seed: 0)  // no dropout at evaluation
        parameters.values.withUnsafeBufferPointer { parameters in
            workspace.withBuffers { activations, inputs, targets in
                LSTMModel.forward(
                    parameters: parameters.baseAddress!, parameterLayout: parameterLayout,
                    activations: activations, layout: layout, inputs: inputs, targets: targets,
                    output: .lossesAtEveryRow, dropout: 0, rng: &unusedRNG)
            }
        }
    }
}
