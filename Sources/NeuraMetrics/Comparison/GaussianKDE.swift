import Foundation

/// A one-dimensional Gaussian kernel density estimate with Scott's bandwidth, the estimate
/// `scipy.stats.gaussian_kde` makes by default: a Gaussian on every point, whose standard
/// deviation is the points' sample standard deviation (n − 1 in the denominator) times
/// n^(-1/5).
public struct GaussianKDE: Sendable {
    public let points: [Double]
    /// The kernel's standard deviation.
    public let bandwidth: Double

    /// Nil for fewer than two points or points that are all equal: no bandwidth exists then
    /// (SciPy raises on them).
    public init?(_ points: [Double]) {
        guard points.count >= 2, points.allSatisfy(\.isFinite) else { return nil }
        let count = Double(points.count)
        let mean = points.reduce(0, +) / count
        let variance = points.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
        guard variance > 0 else { return nil }
        self.points = points
        bandwidth = variance.squareRoot() * pow(count, -0.2)
    }

    public func density(at x: Double) -> Double {
        let scale = -0.5 / (bandwidth * bandwidth)
        var sum = 0.0
        for point in points {
            let offset = x - point
            sum += exp(scale * offset * offset)
        }
        return sum / (Double(points.count) * bandwidth * (2 * Double.pi).squareRoot())
    }
}
