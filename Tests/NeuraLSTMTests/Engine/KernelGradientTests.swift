import Testing
@testable import NeuraLSTM

/// Finite-difference checks of every backward pass, layer by layer. Each test defines a scalar
/// loss Σ r ⊙ output with fixed random r, runs the engine's Float32 backward with output
/// gradient r, and compares it to central differences of the Double reference forward. Every
/// gradient buffer starts at a non-zero value so the tests also check that backward *adds*.
@Suite struct KernelGradientTests {
    static let tolerance = (relative: 1e-3, absolute: 1e-5)
    static let prefill: Float = 0.25

    @Test func embeddingBackwardScattersAndAdds() {
        let arena = Arena()
        defer { arena.release() }
        let (v, e) = (5, 3)
        let tokens = [1, 4, 1, 0, 3, 1]
        let table = arena.buffer(randomValues(v * e, seed: 1))
        let output = arena.zeros(tokens.count * e)
        let r = randomValues(tokens.count * e, seed: 2)
        let tokenBuffer = arena.tokens(tokens)
        Embedding.forward(output: output.pointer, table: table.pointer, tokens: tokenBuffer.pointer, rows: tokens.count, width: e)
        let expected = Reference.embedding(table: table.doubles, tokens: tokens, width: e)
        #expect(firstMismatch(output.values, expected, relative: 0, absolute: 0) == nil)

        let grad = arena.filled(Self.prefill, v * e)
        Embedding.backward(tableGrad: grad.pointer, outputGrad: arena.buffer(r).pointer, tokens: tokenBuffer.pointer,
                           rows: tokens.count, width: e)
        let numeric = numericGradient(at: table.doubles) { table in
            zip(Reference.embedding(table: table, tokens: tokens, width: e), r).reduce(0) { $0 + $1.0 * Double($1.1) }
        }
        #expect(firstMismatch(grad.values.map { $0 - Self.prefill }, numeric,
                              relative: Self.tolerance.relative, absolute: Self.tolerance.absolute) == nil)
    }

    /// T = 1 is a single cell step from (h0, c0); T = 4 is backpropagation through time. Both
    /// recurrence kernels are checked whatever the thread count picks for the rest of the suite.
    @Test(arguments: [1, 4], [RecurrenceKernel.blas, .packed(threads: 1)])
    func lstmLayerMatchesReferenceAndItsGradients(steps: Int, recurrence: RecurrenceKernel) {
        let arena = Arena()
        defer { arena.release() }
        let (batch, input, hidden) = (2, 3, 4)
        let rows = batch * steps
        let shape = LSTMLayerShape(batch: batch, steps: steps, input: input, hidden: hidden)
        let x = arena.buffer(randomValues(rows * input, seed: 10))
        let wIH = arena.buffer(randomValues(4 * hidden * input, scale: 0.7, seed: 11))
        let wHH = arena.buffer(randomValues(4 * hidden * hidden, scale: 0.7, seed: 12))
        let bIH = arena.buffer(randomValues(4 * hidden, scale: 0.5, seed: 13))
        let bHH = arena.buffer(randomValues(4 * hidden, scale: 0.5, seed: 14))
        let h0 = arena.buffer(randomValues(batch * hidden, seed: 15))
        let c0 = arena.buffer(randomValues(batch * hidden, seed: 16))
        let activations = LSTMLayerActivations(
            gates: arena.zeros(rows * 4 * hidden).pointer,
            cell: arena.zeros(rows * hidden).pointer,
            cellTanh: arena.zeros(rows * hidden).pointer,
            hidden: arena.zeros(rows * hidden).pointer)
        let weights = LSTMLayerWeights(weightInput: wIH.pointer, weightHidden: wHH.pointer, biasInput: bIH.pointer, biasHidden: bHH.pointer)
        LSTMLayer.forward(shape: shape, input: x.pointer, weights: weights, initialHidden: h0.pointer,
                          initialCell: c0.pointer, activations: activations, recurrence: recurrence)

        let reference = Reference.lstmLayer(
            input: x.doubles, weightInput: wIH.doubles, weightHidden: wHH.doubles, biasInput: bIH.doubles,
            biasHidden: bHH.doubles, initialHidden: h0.doubles, initialCell: c0.doubles,
            batch: batch, steps: steps, inputSize: input, hiddenSize: hidden)
        let engineHidden = Array(UnsafeBufferPointer(start: activations.hidden, count: rows * hidden))
        let engineCell = Array(UnsafeBufferPointer(start: activations.cell, count: rows * hidden))
        #expect(firstMismatch(engineHidden, reference.hidden, relative: 1e-5, absolute: 1e-6) == nil)
        #expect(firstMismatch(engineCell, reference.cell, relative: 1e-5, absolute: 1e-6) == nil)

        let r = randomValues(rows * hidden, seed: 17)
        let grads = [rows * input, 4 * hidden * input, 4 * hidden * hidden, 4 * hidden, 4 * hidden, batch * hidden, batch * hidden]
            .map { arena.filled(Self.prefill, $0) }
        LSTMLayer.backward(
            shape: shape, input: x.pointer, weights: weights, initialHidden: h0.pointer, initialCell: c0.pointer,
            activations: activations, hiddenGrad: arena.buffer(r).pointer, inputGrad: grads[0].pointer,
            gradients: LSTMLayerGradients(weightInput: grads[1].pointer, weightHidden: grads[2].pointer,
                                          biasInput: grads[3].pointer, biasHidden: grads[4].pointer),
            initialHiddenGrad: grads[5].pointer, initialCellGrad: grads[6].pointer,
            gatesGrad: arena.zeros(rows * 4 * hidden).pointer,
            hiddenCarry: arena.zeros(batch * hidden).pointer,
            cellCarry: arena.zeros(batch * hidden).pointer, recurrence: recurrence)

        let pieces = [x, wIH, wHH, bIH, bHH, h0, c0].map(\.doubles)
        let boundaries = pieces.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        func part(_ all: [Double], _ k: Int) -> [Double] { Array(all[boundaries[k]..<boundaries[k + 1]]) }
        let numeric = numericGradient(at: pieces.flatMap { $0 }) { all in
            let output = Reference.lstmLayer(
                input: part(all, 0), weightInput: part(all, 1), weightHidden: part(all, 2), biasInput: part(all, 3),
                biasHidden: part(all, 4), initialHidden: part(all, 5), initialCell: part(all, 6),
                batch: batch, steps: steps, inputSize: input, hiddenSize: hidden)
            return zip(output.hidden, r).reduce(0) { $0 + $1.0 * Double($1.1) }
        }
        let names = ["input", "weight_ih", "weight_hh", "bias_ih", "bias_hh", "h0", "c0"]
        for k in names.indices {
            let analytic = grads[k].values.map { $0 - Self.prefill }
            let mismatch = firstMismatch(analytic, part(numeric, k), relative: Self.tolerance.relative, absolute: Self.tolerance.absolute)
            #expect(mismatch == nil, "d/d \(names[k]): \(mismatch ?? "")")
        }
    }

    /// Two threads give the outputs and every gradient of one thread, forward and backward (bit for
    /// bit in the recurrence; the large products may sum in another order when another test
    /// changes the engine's thread count meanwhile): B = 8 runs as two shares of rows, each through every step on its own; B = 3 is
    /// too small to share out, so each step's product is split by the rows of W_hh instead.
    @Test(arguments: [8, 3])
    func recurrenceSplitOverTwoThreadsMatchesOneThread(batch: Int) {
        let (steps, input, hidden) = (3, 5, 256)
        #expect(LSTMRecurrence.shares(batch: batch, threads: 2).count == (batch == 8 ? 2 : 1))
        #expect(4 * hidden * hidden * batch / PackedMatrix.minimumWorkPerThread >= 2, "products large enough to split")
        func run(threads: Int) -> [[Float]] {
            let arena = Arena()
            defer { arena.release() }
            let rows = batch * steps
            let shape = LSTMLayerShape(batch: batch, steps: steps, input: input, hidden: hidden)
            let x = arena.buffer(randomValues(rows * input, seed: 30))
            let weights = LSTMLayerWeights(
                weightInput: arena.buffer(randomValues(4 * hidden * input, scale: 0.3, seed: 31)).pointer,
                weightHidden: arena.buffer(randomValues(4 * hidden * hidden, scale: 0.1, seed: 32)).pointer,
                biasInput: arena.buffer(randomValues(4 * hidden, seed: 33)).pointer,
                biasHidden: arena.buffer(randomValues(4 * hidden, seed: 34)).pointer)
            let (h0, c0) = (arena.buffer(randomValues(batch * hidden, seed: 35)), arena.buffer(randomValues(batch * hidden, seed: 36)))
            let outputs = [rows * 4 * hidden, rows * hidden, rows * hidden, rows * hidden].map { arena.zeros($0) }
            let activations = LSTMLayerActivations(
                gates: outputs[0].pointer, cell: outputs[1].pointer, cellTanh: outputs[2].pointer, hidden: outputs[3].pointer)
            LSTMLayer.forward(shape: shape, input: x.pointer, weights: weights, initialHidden: h0.pointer,
                              initialCell: c0.pointer, activations: activations, recurrence: .packed(threads: threads))
            let grads = [rows * input, 4 * hidden * input, 4 * hidden * hidden, 4 * hidden, 4 * hidden, batch * hidden, batch * hidden]
                .map { arena.zeros($0) }
            LSTMLayer.backward(
                shape: shape, input: x.pointer, weights: weights, initialHidden: h0.pointer, initialCell: c0.pointer,
                activations: activations, hiddenGrad: arena.buffer(randomValues(rows * hidden, seed: 37)).pointer,
                inputGrad: grads[0].pointer,
                gradients: LSTMLayerGradients(weightInput: grads[1].pointer, weightHidden: grads[2].pointer,
                                              biasInput: grads[3].pointer, biasHidden: grads[4].pointer),
                initialHiddenGrad: grads[5].pointer, initialCellGrad: grads[6].pointer,
                gatesGrad: arena.zeros(rows * 4 * hidden).pointer, hiddenCarry: arena.zeros(batch * hidden).pointer,
                cellCarry: arena.zeros(batch * hidden).pointer, recurrence: .packed(threads: threads))
            return (outputs + grads).map(\.values)
        }
        let (one, two) = (run(threads: 1), run(threads: 2))
        let names = ["gates", "cell", "cellTanh", "hidden", "d input", "d weight_ih", "d weight_hh", "d bias_ih", "d bias_hh", "d h0", "d c0"]
        for (name, (a, b)) in zip(names, zip(one, two)) {
            let mismatch = firstMismatch(b, a.map(Double.init), relative: 1e-5, absolute: 1e-6)
            #expect(mismatch == nil, "\(name), two threads against one: \(mismatch ?? "")")
        }
        #expect(one[9].contains { $0 != 0 }, "d/d h0 reaches back through every step")
    }

    @Test func recurrenceSharesAreContiguousMultiplesOfFourRows() {
        #expect(LSTMRecurrence.shares(batch: 32, threads: 2) == [0..<16, 16..<32])
        #expect(LSTMRecurrence.shares(batch: 32, threads: 1) == [0..<32])
        #expect(LSTMRecurrence.shares(batch: 10, threads: 2) == [0..<8, 8..<10])
        #expect(LSTMRecurrence.shares(batch: 12, threads: 3) == [0..<4, 4..<8, 8..<12])
        #expect(LSTMRecurrence.shares(batch: 7, threads: 2) == [0..<7])
        #expect(LSTMRecurrence.shares(batch: 1, threads: 8) == [0..<1])
    }

    @Test func linearHeadBackward() {
        let arena = Arena()
        defer { arena.release() }
        let (rows, hidden, v) = (4, 3, 5)
        let x = arena.buffer(randomValues(rows * hidden, seed: 20))
        let w = arena.buffer(randomValues(v * hidden, seed: 21))
        let b = arena.buffer(randomValues(v, seed: 22))
        let logits = arena.zeros(rows * v)
        LinearHead.forward(logits: logits.pointer, hidden: x.pointer, weight: w.pointer, bias: b.pointer,
                           rows: rows, hiddenSize: hidden, vocabularySize: v)
        let reference = Reference.linear(input: x.doubles, weight: w.doubles, bias: b.doubles, rows: rows, inputSize: hidden, outputSize: v)
        #expect(firstMismatch(logits.values, reference, relative: 1e-6, absolute: 1e-6) == nil)

        let r = randomValues(rows * v, seed: 23)
        let (dx, dw, db) = (arena.filled(Self.prefill, rows * hidden),
                            arena.filled(Self.prefill, v * hidden), arena.filled(Self.prefill, v))
        LinearHead.backward(hiddenGrad: dx.pointer, weightGrad: dw.pointer, biasGrad: db.pointer, logitsGrad: arena.buffer(r).pointer,
                            hidden: x.pointer, weight: w.pointer, rows: rows, hiddenSize: hidden, vocabularySize: v)
        let sizes = [rows * hidden, v * hidden, v]
        let point = x.doubles + w.doubles + b.doubles
        let numeric = numericGradient(at: point) { all in
            let output = Reference.linear(
                input: Array(all[0..<sizes[0]]), weight: Array(all[sizes[0]..<(sizes[0] + sizes[1])]),
                bias: Array(all[(sizes[0] + sizes[1])...]), rows: rows, inputSize: hidden, outputSize: v)
            return zip(output, r).reduce(0) { $0 + $1.0 * Double($1.1) }
        }
        let analytic = (dx.values + dw.values + db.values).map { $0 - Self.prefill }
        #expect(firstMismatch(analytic, numeric, relative: Self.tolerance.relative, absolute: Self.tolerance.absolute) == nil)
    }

    @Test func crossEntropyBackward() {
        let arena = Arena()
        defer { arena.release() }
        let (rows, v) = (4, 6)
        let logits = arena.buffer(randomValues(rows * v, scale: 3, seed: 30))
        let targets = [2, 0, 5, 2]
        let weights: [Float] = [0.5, 0, 0.25, 0.25]
        let (losses, lse) = (arena.zeros(rows), arena.zeros(rows))
        let targetBuffer = arena.tokens(targets)
        CrossEntropy.forward(losses: losses.pointer, logSumExp: lse.pointer, logits: logits.pointer,
                             targets: targetBuffer.pointer, rows: rows, vocabularySize: v)
        let reference = Reference.crossEntropy(logits: logits.doubles, targets: targets, vocabularySize: v)
        #expect(firstMismatch(losses.values, reference, relative: 1e-6, absolute: 1e-6) == nil)

        let grad = arena.filled(Self.prefill, rows * v)
        CrossEntropy.backward(logitsGrad: grad.pointer, logits: logits.pointer, logSumExp: lse.pointer,
                              targets: targetBuffer.pointer, lossGrads: arena.buffer(weights).pointer, rows: rows, vocabularySize: v)
        let numeric = numericGradient(at: logits.doubles) { logits in
            zip(Reference.crossEntropy(logits: logits, targets: targets, vocabularySize: v), weights)
                .reduce(0) { $0 + $1.0 * Double($1.1) }
        }
        #expect(firstMismatch(grad.values.map { $0 - Self.prefill }, numeric,
                              relative: Self.tolerance.relative, absolute: Self.tolerance.absolute) == nil)
    }

    @Test func dropoutWithAFixedMask() {
        let arena = Arena()
        defer { arena.release() }
        let count = 12
        let input = arena.buffer(randomValues(count, seed: 40))
        let mask = arena.zeros(count)
        let output = arena.zeros(count)
        var rng = SplitMix64(seed: 41)
        Dropout.forward(output: output.pointer, mask: mask.pointer, input: input.pointer, count: count,
                        probability: 0.5, rng: &rng)
        #expect(mask.values.allSatisfy { $0 == 0 || $0 == 2 })
        #expect(mask.values.contains(0) && mask.values.contains(2))
        let fixedMask = mask.doubles
        let r = randomValues(count, seed: 42)
        let grad = arena.filled(Self.prefill, count)
        Dropout.backward(inputGrad: grad.pointer, outputGrad: arena.buffer(r).pointer, mask: mask.pointer, count: count)
        let numeric = numericGradient(at: input.doubles) { x in
            x.indices.reduce(0) { $0 + x[$1] * fixedMask[$1] * Double(r[$1]) }
        }
        #expect(firstMismatch(output.values, zip(input.doubles, fixedMask).map(*), relative: 0, absolute: 0) == nil)
        #expect(firstMismatch(grad.values.map { $0 - Self.prefill }, numeric,
                              relative: Self.tolerance.relative, absolute: Self.tolerance.absolute) == nil)
    }
}

