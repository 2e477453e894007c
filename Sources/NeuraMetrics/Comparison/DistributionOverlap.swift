import Foundation

/// How alike two samples of distances are, as mgeval measures it: through the Gaussian
/// kernel density estimate of each.
public enum DistributionOverlap {
    /// The overlapped area: ∫ min(p, q) over [the smaller minimum, the larger maximum] of the
    /// two samples, p and q their density estimates. 1 for the same density, near 0 for
    /// densities apart. Nil where either sample has no estimate (`GaussianKDE.init`).
    public static func overlappedArea(_ a: [Double], _ b: [Double]) -> Double? {
        guard let p = GaussianKDE(a), let q = GaussianKDE(b),
              let low = (a + b).min(), let high = (a + b).max()
        else { return nil }
        // Panels of half the narrower kernel: no bump of either density falls between samples.
        let panelWidth = min(p.bandwidth, q.bandwidth) / 2
        let panels = min(max(Int(((high - low) / panelWidth).rounded(.up)), 1), 20_000)
        return Integration.integrate({ min(p.density(at: $0), q.density(at: $0)) }, from: low, to: high, panels: panels)
    }

    /// mgeval's Kullback–Leibler divergence D(p ‖ q) in nats: p sampled at 1,000 evenly spaced
    /// points from a's minimum to its maximum, q at 1,000 points over b's own range, each set
    /// of samples normalised to sum 1. The two grids differ, as in mgeval, so this is a
    /// divergence of the densities' shapes rather than of their positions. Infinite where q
    /// vanishes under p; nil where either sample has no estimate.
    public static func klDivergence(_ a: [Double], _ b: [Double], samples: Int = 1000) -> Double? {
        guard let p = GaussianKDE(a), let q = GaussianKDE(b),
              let aLow = a.min(), let aHigh = a.max(), let bLow = b.min(), let bHigh = b.max()
        else { return nil }
        let pValues = evenlySpaced(from: aLow, to: aHigh, count: samples).map(p.density)
        let qValues = evenlySpaced(from: bLow, to: bHigh, count: samples).map(q.density)
        let pTotal = pValues.reduce(0, +)
        let qTotal = qValues.reduce(0, +)
        var divergence = 0.0
        for (pValue, qValue) in zip(pValues, qValues) where pValue > 0 {
            let pShare = pValue / pTotal
            let qShare = qValue / qTotal
            guard qShare > 0 else { return .infinity }
            divergence += pShare * log(pShare / qShare)
        }
        return divergence
    }

    /// NumPy's `linspace`: `count` points from `start` to `end`, both included.
    static func evenlySpaced(from start: Double, to end: Double, count: Int) -> [Double] {
        guard count > 1 else { return [start] }
        let step = (end - start) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? end : start + Double($0) * step }
    }
}
