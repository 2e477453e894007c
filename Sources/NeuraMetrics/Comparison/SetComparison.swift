/// One feature's comparison of a measured set with a reference set.
public struct FeatureComparison: Hashable, Sendable {
    /// Pieces of each set that define the feature; the others sit this feature out.
    public var pieceCount: Int
    public var referencePieceCount: Int
    /// The measured set's intra-set distances against the inter-set distances.
    public var overlappedArea: Double?
    public var klDivergence: Double?
    /// The reference set's intra-set distances against the inter-set distances.
    public var referenceOverlappedArea: Double?
    public var referenceKLDivergence: Double?

    /// The comparison of one feature given as a vector per piece (`Feature.vector(of:)`).
    public init(measured: [[Double]], reference: [[Double]]) {
        let ourIntra = SetComparison.intraSetDistances(measured)
        let theirIntra = SetComparison.intraSetDistances(reference)
        let inter = measured.flatMap { piece in reference.map { SetComparison.distance(piece, $0) } }
        pieceCount = measured.count
        referencePieceCount = reference.count
        overlappedArea = DistributionOverlap.overlappedArea(ourIntra, inter)
        klDivergence = DistributionOverlap.klDivergence(ourIntra, inter)
        referenceOverlappedArea = DistributionOverlap.overlappedArea(theirIntra, inter)
        referenceKLDivergence = DistributionOverlap.klDivergence(theirIntra, inter)
    }
}

/// Yang & Lerch's relative measure of a measured set (generated music, say) against a
/// reference set (the music it should resemble), per feature:
///
/// - intra-set distances: every piece of a set to every other piece of the same set (each
///   pair in both orders, as mgeval's leave-one-out loop makes them);
/// - inter-set distances: every measured piece to every reference piece;
/// - the overlapped area and the KL divergence of the density of intra-set distances against
///   that of the inter-set distances (`DistributionOverlap`), for each set's intra-set
///   distances in turn.
///
/// An overlapped area near 1 means a measured piece sits among the reference pieces the way
/// they sit among themselves. mgeval cuts both sets to the size of the smaller; here every
/// piece of both counts.
public struct SetComparison: Hashable, Sendable {
    public var features: [Feature: FeatureComparison]

    public init(measured: [PieceFeatures], reference: [PieceFeatures]) {
        features = [:]
        for feature in Feature.allCases {
            features[feature] = FeatureComparison(
                measured: measured.compactMap(feature.vector), reference: reference.compactMap(feature.vector))
        }
    }

    /// The mean overlapped area over the features that have one: the measured set's intra-set
    /// distances against the inter-set distances. Nil when no feature has one.
    public var meanOverlappedArea: Double? {
        Self.mean(Feature.allCases.compactMap { features[$0]?.overlappedArea })
    }

    public var referenceMeanOverlappedArea: Double? {
        Self.mean(Feature.allCases.compactMap { features[$0]?.referenceOverlappedArea })
    }

    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func intraSetDistances(_ vectors: [[Double]]) -> [Double] {
        vectors.indices.flatMap { i in vectors.indices.filter { $0 != i }.map { distance(vectors[i], vectors[$0]) } }
    }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
}
