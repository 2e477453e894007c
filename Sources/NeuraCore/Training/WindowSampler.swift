import NeuraLSTM
import NeuraMusic

/// Draws training batches: B random windows of T+1 tokens, each inside one piece.
///
/// Every predicted position of the training set is equally likely to start a window (pieces
/// are picked in proportion to their length), so a window may start at BOS and then learns the
/// piece's opening from a zero state, as evaluation scores it. A window never crosses into
/// another piece: past EOS it is padded and the padded positions get weight 0. With a
/// transposition range, each window is shifted by a semitone count drawn uniformly from the
/// shifts that keep that piece inside the encoding's pitch range.
///
/// Batch k is drawn from a generator seeded by (seed, k) alone, so the data order's whole state
/// is the step number: a resumed run draws exactly the batches an uninterrupted one would.
public struct WindowSampler: Sendable {
    public let sequenceLength: Int
    public let batchSize: Int
    public let seed: UInt64
    private let pieces: [[Int]]
    /// cumulativeStarts[i] = window starts in pieces before i.
    private let cumulativeStarts: [Int]
    private let allowedShifts: [[Int]]
    /// Token id → id of the same token moved by s semitones, for s in the transposition range
    /// (index s - low); non-pitch tokens map to themselves.
    private let shiftTables: [[Int]]
    private let lowestShift: Int

    public init(
        pieces: [[Int]], encoding: EncodingConfig, sequenceLength: Int, batchSize: Int,
        transpositions: ClosedRange<Int>, seed: UInt64
    ) throws(TrainingError) {
        let usable = pieces.filter { $0.count >= 2 }
        guard !usable.isEmpty else { throw .noTrainingPieces(pieces: pieces.count, validationPieces: 0) }
        self.pieces = usable
        self.sequenceLength = sequenceLength
        self.batchSize = batchSize
        self.seed = seed
        var running = 0
        cumulativeStarts = usable.map { piece in
            defer { running += piece.count - 1 }
            return running
        }
        let vocabulary = encoding.vocabularySize
        let pitchOf: [(pitch: Int, part: Int)?] = (0..<vocabulary).map { id in
            if case .pitch(let pitch, let part)? = encoding.token(for: id) { return (pitch, part) }
            return nil
        }
        // The tables also cover 0, the fallback for pieces no shift in the range fits.
        lowestShift = min(transpositions.lowerBound, 0)
        shiftTables = (lowestShift...max(transpositions.upperBound, 0)).map { shift in
            (0..<vocabulary).map { id in
                guard let (pitch, part) = pitchOf[id] else { return id }
                return encoding.id(for: .pitch(pitch + shift, part: part)) ?? id
            }
        }
        allowedShifts = usable.map { piece in
            let pitches = piece.compactMap { pitchOf[$0]?.pitch }
            guard let low = pitches.min(), let high = pitches.max() else { return [0] }
            let shifts = transpositions.filter { encoding.pitchRange.contains(low + $0) && encoding.pitchRange.contains(high + $0) }
            return shifts.isEmpty ? [0] : shifts
        }
    }

    /// Predicted positions in the training pieces: what one epoch covers.
    public var positionCount: Int { cumulativeStarts.last! + pieces.last!.count - 1 }

    /// The batch for the update with 0-based index `step`.
    public func batch(forStep step: Int) throws(TrainingError) -> TrainingBatch {
        var rng = SplitMix64(seed: seed, stream: UInt64(step))
        let width = sequenceLength + 1
        var tokens = [Int](repeating: EncodingConfig.eos, count: batchSize * width)
        var weights = [Float](repeating: 1, count: batchSize * sequenceLength)
        var padded = false
        for row in 0..<batchSize {
            let position = ValidationSplit.uniformIndex(below: positionCount, rng: &rng)
            let pieceIndex = Self.lastIndex(in: cumulativeStarts, notAbove: position)
            let piece = pieces[pieceIndex]
            let start = position - cumulativeStarts[pieceIndex]
            let shifts = allowedShifts[pieceIndex]
            let shift = shifts.count == 1 ? shifts[0] : shifts[ValidationSplit.uniformIndex(below: shifts.count, rng: &rng)]
            let table = shiftTables[shift - lowestShift]
            let available = min(width, piece.count - start)
            for offset in 0..<available {
                tokens[row * width + offset] = table[piece[start + offset]]
            }
            // Positions whose target lies past EOS are padding.
            for offset in max(0, available - 1)..<sequenceLength {
                weights[row * sequenceLength + offset] = 0
                padded = true
            }
        }
        do {
            return try TrainingBatch(
                sequenceCount: batchSize, length: sequenceLength, tokens: tokens, weights: padded ? weights : nil)
        } catch {
            throw .engine("cannot build a training batch: \(error)")
        }
    }

    /// Binary search: the last index whose value is ≤ target (values ascending, first is 0).
    static func lastIndex(in sorted: [Int], notAbove target: Int) -> Int {
        var low = 0
        var high = sorted.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if sorted[middle] <= target { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
