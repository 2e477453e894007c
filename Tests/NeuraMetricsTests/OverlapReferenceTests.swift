import Foundation
import NeuraMetrics
import Testing

/// Our OA and KL against SciPy's (gaussian_kde, quad, entropy) on the cases that
/// `Scripts/check-overlap-with-scipy fixture` committed in Fixtures/overlap-reference.json.
@Suite struct OverlapReferenceTests {
    struct Reference: Decodable {
        struct Expected: Decodable {
            var oa: Double?
            var kl: Double?
            var referenceOA: Double?
            var referenceKL: Double?
        }

        struct Case: Decodable {
            var name: String
            var measured: [[Double]]
            var reference: [[Double]]
            var expected: Expected
        }

        var tolerance: Double
        var cases: [Case]
    }

    @Test func overlappedAreaAndKLDivergenceAgreeWithSciPy() throws {
        let reference = try JSONDecoder().decode(Reference.self, from: MetricsFixtures.resource("overlap-reference.json"))
        #expect(reference.cases.count >= 5)
        for testCase in reference.cases {
            let ours = FeatureComparison(measured: testCase.measured, reference: testCase.reference)
            for (name, actual, expected) in [
                ("oa", ours.overlappedArea, testCase.expected.oa),
                ("kl", ours.klDivergence, testCase.expected.kl),
                ("referenceOA", ours.referenceOverlappedArea, testCase.expected.referenceOA),
                ("referenceKL", ours.referenceKLDivergence, testCase.expected.referenceKL),
            ] {
                switch (actual, expected) {
                case (nil, nil): break
                case (let actual?, let expected?):
                    // Absolute for the areas (0…1), relative for the divergences.
                    let scale = name.hasSuffix("KL") || name == "kl" ? max(1, abs(expected)) : 1
                    #expect(abs(actual - expected) / scale <= reference.tolerance,
                            "\(testCase.name) \(name): SciPy \(expected), ours \(actual)")
                default:
                    Issue.record("\(testCase.name) \(name): SciPy \(String(describing: expected)), ours \(String(describing: actual))")
                }
            }
        }
    }

    @Test func identicalSamplesOverlapButForTheTailsOutsideTheirRange() throws {
        let sample = (0..<200).map { Double($0 * $0 % 97) }
        let area = try #require(DistributionOverlap.overlappedArea(sample, sample))
        // The density's tails beyond the sample's range are not integrated, as in mgeval.
        let kde = try #require(GaussianKDE(sample))
        let tails = (1...4000).reduce(0.0) { sum, step in
            let offset = Double(step) * kde.bandwidth / 400
            return sum + (kde.density(at: -offset) + kde.density(at: 96 + offset)) * kde.bandwidth / 400
        }
        #expect(abs(area - (1 - tails)) < 1e-3, "area \(area), tails \(tails)")
        #expect(DistributionOverlap.klDivergence(sample, sample) == 0)
    }

    @Test func samplesWithoutSpreadHaveNoDensity() {
        #expect(GaussianKDE([3, 3, 3]) == nil)
        #expect(GaussianKDE([3]) == nil)
        #expect(DistributionOverlap.overlappedArea([3, 3], [1, 2, 3]) == nil)
    }
}
