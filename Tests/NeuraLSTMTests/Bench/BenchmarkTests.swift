import Foundation
import Testing
@testable import NeuraLSTM

@Suite struct BenchmarkTests {
    @Test func parsesShapesLikeThePyTorchScript() {
        #expect(BenchmarkShape(parsing: "512x2") == BenchmarkShape(hiddenSize: 512, layers: 2))
        #expect(BenchmarkShape(parsing: "256X3") == BenchmarkShape(hiddenSize: 256, layers: 3))
        for bad in ["512", "x2", "512x", "0x2", "512x-1", "axb", "1x2x3"] {
            #expect(BenchmarkShape(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func spreadTakesTheMedianAsPythonsStatisticsDoes() {
        let spread = BenchmarkSpread([3, 1, 2])
        #expect(spread.median == 2 && spread.min == 1 && spread.max == 3 && spread.n == 3)
        #expect(BenchmarkSpread([4, 1, 3, 2]).median == 2.5)
    }

    /// The JSON must have the shape Scripts/torch_bench.py prints, so the two reports compare row by row.
    @Test func quickRunReportsEveryPartInThePyTorchJSONShape() throws {
        var rows: [BenchmarkRow] = []
        let report = try Benchmark.run(.quick) { rows.append($0) }
        #expect(rows == report.results)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let results = try #require(json?["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let row = results[0]
        #expect(row["threads"] as? Int == 1 && row["H"] as? Int == 64 && row["L"] as? Int == 2)
        let train = try #require(row["train"] as? [String: Any])
        #expect((train["tokens_per_s"] as? Double ?? 0) > 0)
        #expect((train["final_loss"] as? Double).map { $0.isFinite && $0 > 0 } == true)
        let generation = try #require(row["gen"] as? [String: [String: Any]])
        #expect(Set(generation.keys) == ["1", "2"])
        for measurement in generation.values { #expect((measurement["tokens_per_s"] as? Double ?? 0) > 0) }
        let prime = try #require(row["prime"] as? [String: Any])
        #expect((prime["ms"] as? Double ?? 0) > 0)
        let table = report.table(generationBatches: [1, 2])
        #expect(table.split(separator: "\n").count == 4)
        #expect(table.contains("  1   64  2 |"))
    }

    @Test func partsThatAreNotRequestedAreLeftOut() throws {
        var options = BenchmarkOptions.quick
        options.parts = [.gen]
        options.generationBatches = [1]
        let report = try Benchmark.run(options)
        #expect(report.results[0].train == nil && report.results[0].prime == nil)
        #expect(report.results[0].gen?.keys.sorted() == ["1"])
    }

    @Test func refusesNonsenseOptions() {
        var options = BenchmarkOptions.quick
        options.threadCounts = [0]
        #expect(throws: BenchmarkError.invalidOptions("thread counts must be positive")) { try Benchmark.run(options) }
        options = .quick
        options.timedSteps = 0
        #expect(throws: BenchmarkError.self) { try Benchmark.run(options) }
    }
}
