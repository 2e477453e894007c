import NeuraMusic

/// A key estimated from pitch-class weights, with the runner-up so a caller can tell a clear
/// estimate from a close call.
public struct KeyEstimate: Hashable, Sendable {
    /// A major or a minor (natural minor) scale.
    public var key: Scale
    /// Pearson correlation of the weights with the key's profile, −1…1.
    public var correlation: Double
    public var runnerUp: Scale
    public var runnerUpCorrelation: Double
}

/// The Krumhansl–Schmuckler key-finding algorithm: the key whose Krumhansl–Kessler
/// probe-tone profile, turned to its tonic, correlates best with how long each pitch class
/// sounds. Of the 24 major and minor keys, ties go to the first in the order C major, C♯ major
/// … B major, C minor … B minor.
public enum KeyFinder {
    /// Krumhansl & Kessler (1982): how well each scale degree, tonic first, fits a major key.
    public static let majorProfile: [Double] = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    public static let minorProfile: [Double] = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    /// The best key for twelve weights (C first), such as the time each pitch class sounds.
    /// Nil unless there are twelve weights that are not all equal: no key is likelier then.
    public static func estimate(pitchClassWeights weights: [Double]) -> KeyEstimate? {
        guard weights.count == 12, weights.allSatisfy(\.isFinite) else { return nil }
        var ranked: [(key: Scale, correlation: Double)] = []
        for minor in [false, true] {
            let profile = minor ? minorProfile : majorProfile
            for tonic in 0..<12 {
                let turned = (0..<12).map { profile[(($0 - tonic) % 12 + 12) % 12] }
                guard let correlation = pearson(weights, turned) else { return nil }
                ranked.append((Scale.key(tonic: tonic, minor: minor), correlation))
            }
        }
        let order = ranked.indices.sorted { (-ranked[$0].correlation, $0) < (-ranked[$1].correlation, $1) }
        let best = ranked[order[0]]
        let second = ranked[order[1]]
        return KeyEstimate(key: best.key, correlation: best.correlation, runnerUp: second.key, runnerUpCorrelation: second.correlation)
    }

    /// The key of notes on the step grid, each weighted by its length in steps. Nil for no
    /// notes, or all twelve pitch classes sounding equally long.
    public static func estimate(notes: some Sequence<Note>) -> KeyEstimate? {
        var weights = [Double](repeating: 0, count: 12)
        for note in notes { weights[((note.pitch % 12) + 12) % 12] += Double(max(note.length, 0)) }
        return estimate(pitchClassWeights: weights)
    }

    /// The key a score is in: its key signature's when the file it came from had one (a
    /// `Score` always holds a key signature, C major by default, so the caller says whether it
    /// was read), otherwise the estimate from its pitched notes. Nil for neither.
    public static func key(of score: Score, keySignatureIsKnown: Bool) -> Scale? {
        keySignatureIsKnown ? score.keySignature.scale : estimate(notes: score.notes)?.key
    }

    private static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let count = Double(x.count)
        let meanX = x.reduce(0, +) / count
        let meanY = y.reduce(0, +) / count
        var covariance = 0.0
        var varianceX = 0.0
        var varianceY = 0.0
        for (a, b) in zip(x, y) {
            covariance += (a - meanX) * (b - meanY)
            varianceX += (a - meanX) * (a - meanX)
            varianceY += (b - meanY) * (b - meanY)
        }
        guard varianceX > 0, varianceY > 0 else { return nil }
        return covariance / (varianceX * varianceY).squareRoot()
    }
}

extension Scale {
    /// A major key, or a minor key as the natural minor scale.
    public static func key(tonic: Int, minor: Bool) -> Scale {
        do {
            return try Scale(tonic: tonic, mode: minor ? "minor" : "major")
        } catch {
            preconditionFailure("\"major\" and \"minor\" are modes of every Scale: \(error)")
        }
    }

    public var isMinorKey: Bool { mode == "minor" }
}

extension KeySignature {
    /// The tonic's pitch class: the major key's for `sharps`, or its relative minor's.
    public var tonicPitchClass: Int {
        let major = ((sharps * 7) % 12 + 12) % 12
        return isMinor ? (major + 9) % 12 : major
    }

    /// The key the signature names: its major key, or the relative minor.
    public var scale: Scale { .key(tonic: tonicPitchClass, minor: isMinor) }

    /// The signature of a major or minor key, spelled with at most five flats or six sharps
    /// (F♯ major, not G♭).
    public init(key: Scale) {
        let major = key.isMinorKey ? (key.tonic + 3) % 12 : key.tonic
        let sharps = (major * 7) % 12
        self.init(sharps: sharps > 6 ? sharps - 12 : sharps, isMinor: key.isMinorKey)
    }
}
