/// Numerical integration for the overlapped area of two densities.
enum Integration {
    /// ∫ f over [a, b]: `panels` equal panels, each by adaptive Simpson to its share of
    /// `tolerance`. Panels narrower than any feature of f keep a bump from hiding between
    /// the first samples; the adaptive step then follows the kinks of f.
    static func integrate(
        _ f: (Double) -> Double, from a: Double, to b: Double, panels: Int, tolerance: Double = 1e-10
    ) -> Double {
        guard b > a, panels >= 1 else { return 0 }
        let width = (b - a) / Double(panels)
        let panelTolerance = tolerance / Double(panels)
        var total = 0.0
        for panel in 0..<panels {
            let left = a + Double(panel) * width
            let right = panel == panels - 1 ? b : left + width
            let middle = (left + right) / 2
            let (fl, fm, fr) = (f(left), f(middle), f(right))
            let whole = (right - left) / 6 * (fl + 4 * fm + fr)
            total += simpson(f, left, right, fl, fm, fr, whole, panelTolerance, depth: 48)
        }
        return total
    }

    private static func simpson(
        _ f: (Double) -> Double, _ a: Double, _ b: Double, _ fa: Double, _ fm: Double, _ fb: Double,
        _ whole: Double, _ tolerance: Double, depth: Int
    ) -> Double {
        let m = (a + b) / 2
        let leftMiddle = (a + m) / 2
        let rightMiddle = (m + b) / 2
        let flm = f(leftMiddle)
        let frm = f(rightMiddle)
        let left = (m - a) / 6 * (fa + 4 * flm + fm)
        let right = (b - m) / 6 * (fm + 4 * frm + fb)
        let difference = left + right - whole
        if depth <= 0 || abs(difference) <= 15 * tolerance {
            return left + right + difference / 15
        }
        return simpson(f, a, m, fa, flm, fm, left, tolerance / 2, depth: depth - 1)
            + simpson(f, m, b, fm, frm, fb, right, tolerance / 2, depth: depth - 1)
    }
}
