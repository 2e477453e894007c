/// The Yang & Lerch features that two sets are compared on, named as in the JSON output.
public enum Feature: String, CaseIterable, Sendable, Codable {
    case pitchCount, noteCount, pitchRange, averagePitchInterval, averageInterOnsetInterval
    case pitchClassHistogram, pitchClassTransitionMatrix, noteLengthHistogram, noteLengthTransitionMatrix

    /// The feature of a piece as a vector (a matrix row by row), or nil where the piece does
    /// not define it; the distance between two pieces is the Euclidean norm of the difference.
    public func vector(of piece: PieceFeatures) -> [Double]? {
        switch self {
        case .pitchCount: [Double(piece.pitchCount)]
        case .noteCount: [Double(piece.noteCount)]
        case .pitchRange: piece.pitchRange.map { [Double($0)] }
        case .averagePitchInterval: piece.averagePitchInterval.map { [$0] }
        case .averageInterOnsetInterval: piece.averageInterOnsetInterval.map { [$0] }
        case .pitchClassHistogram: piece.pitchClassHistogram
        case .pitchClassTransitionMatrix: piece.pitchClassTransitionMatrix.flatMap { $0 }
        case .noteLengthHistogram: piece.noteLengthHistogram
        case .noteLengthTransitionMatrix: piece.noteLengthTransitionMatrix.flatMap { $0 }
        }
    }
}
