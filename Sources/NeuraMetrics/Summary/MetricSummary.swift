/// The 5th, 25th, 50th, 75th and 95th percentiles of a metric over a set.
public struct Percentiles: Hashable, Sendable, Codable {
    public var p5: Double
    public var p25: Double
    public var p50: Double
    public var p75: Double
    public var p95: Double
}

/// One scalar metric over a set of pieces: how many define it, their mean, standard deviation
/// and percentiles. Pieces where the metric is undefined are left out.
public struct MetricSummary: Hashable, Sendable, Codable {
    public var count: Int
    public var mean: Double?
    /// The population standard deviation (n in the denominator, NumPy's default).
    public var standardDeviation: Double?
    /// NumPy's default ("linear") percentiles: position p/100 × (n − 1) in the sorted values,
    /// interpolated between its neighbours.
    public var percentiles: Percentiles?

    public init(_ values: [Double?]) {
        let defined = values.compactMap { $0 }.filter(\.isFinite).sorted()
        count = defined.count
        guard !defined.isEmpty else { return }
        let mean = defined.reduce(0, +) / Double(defined.count)
        self.mean = mean
        standardDeviation = (defined.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(defined.count)).squareRoot()
        func percentile(_ p: Double) -> Double {
            let position = p / 100 * Double(defined.count - 1)
            let below = Int(position.rounded(.down))
            let above = min(below + 1, defined.count - 1)
            return defined[below] + (defined[above] - defined[below]) * (position - Double(below))
        }
        percentiles = Percentiles(p5: percentile(5), p25: percentile(25), p50: percentile(50), p75: percentile(75), p95: percentile(95))
    }

    private enum CodingKeys: String, CodingKey { case count, mean, standardDeviation, percentiles }

    /// Every key is written, null where there is no value, so the JSON keeps one shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(mean, forKey: .mean)
        try container.encode(standardDeviation, forKey: .standardDeviation)
        try container.encode(percentiles, forKey: .percentiles)
    }
}
