import NeuraLSTM

/// Holds out whole source files for validation, chosen by a seeded shuffle of the sorted
/// sources: the same pieces and seed give the same split on every machine. All transposed
/// copies of a source land on the same side, so validation never sees a shifted twin of a
/// training piece; on the validation side only the untransposed copy is kept when there is one.
public enum ValidationSplit {
    public static func split(
        _ pieces: [TokenPiece], fraction: Double, seed: UInt64
    ) -> (training: [TokenPiece], validation: [TokenPiece]) {
        let sources = Array(Set(pieces.map(\.source))).sorted()
        guard fraction > 0, sources.count >= 2 else { return (pieces, []) }
        var shuffled = sources
        // A generator of its own, apart from the batch and dropout streams.
        var rng = SplitMix64(seed: seed ^ 0x5EED_0F_7A11_DA7E)
        for index in stride(from: shuffled.count - 1, to: 0, by: -1) {
            shuffled.swapAt(index, uniformIndex(below: index + 1, rng: &rng))
        }
        let count = min(max(1, Int((fraction * Double(sources.count)).rounded())), sources.count - 1)
        let held = Set(shuffled.prefix(count))
        let training = pieces.filter { !held.contains($0.source) }
        let heldPieces = pieces.filter { held.contains($0.source) }
        let untransposedSources = Set(heldPieces.filter { $0.transposition == 0 }.map(\.source))
        let validation = heldPieces.filter { $0.transposition == 0 || !untransposedSources.contains($0.source) }
        return (training, validation)
    }

    /// Uniform in 0..<bound by Lemire's multiply-shift (the bias is below 2⁻³² for our sizes).
    static func uniformIndex(below bound: Int, rng: inout SplitMix64) -> Int {
        Int((UInt64(bound).multipliedFullWidth(by: rng.next())).high)
    }
}
