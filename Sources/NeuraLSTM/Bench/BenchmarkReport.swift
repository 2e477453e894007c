/// Median, extremes and count of repeated measurements (`spread` in Scripts/torch_bench.py).
public struct BenchmarkSpread: Codable, Sendable, Equatable {
    public var median: Double
    public var min: Double
    public var max: Double
    public var n: Int

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        min = sorted.first ?? 0
        max = sorted.last ?? 0
        n = sorted.count
    }
}

/// The JSON keys are those Scripts/torch_bench.py prints, so both reports compare row by row.
public struct TrainingMeasurement: Codable, Sendable, Equatable {
    public var tokensPerSecond: Double
    public var tokensPerSecondMedianStep: Double
    public var totalSeconds: Double
    public var stepSeconds: BenchmarkSpread
    public var finalLoss: Double

    enum CodingKeys: String, CodingKey {
        case tokensPerSecond = "tokens_per_s"
        case tokensPerSecondMedianStep = "tokens_per_s_median_step"
        case totalSeconds = "total_s"
        case stepSeconds = "step_s"
        case finalLoss = "final_loss"
    }
}

public struct GenerationMeasurement: Codable, Sendable, Equatable {
    public var tokensPerSecond: Double
    public var tokensPerSecondSpread: BenchmarkSpread
    public var millisecondsPerStepMedian: Double

    enum CodingKeys: String, CodingKey {
        case tokensPerSecond = "tokens_per_s"
        case tokensPerSecondSpread = "tokens_per_s_spread"
        case millisecondsPerStepMedian = "ms_per_step_median"
    }
}

public struct PrimeMeasurement: Codable, Sendable, Equatable {
    public var milliseconds: Double
    public var millisecondsSpread: BenchmarkSpread
    public var tokensPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case milliseconds = "ms"
        case millisecondsSpread = "ms_spread"
        case tokensPerSecond = "tokens_per_s"
    }
}

/// One thread count × model shape.
public struct BenchmarkRow: Codable, Sendable, Equatable {
    public var threads: Int
    public var hiddenSize: Int
    public var layers: Int
    public var train: TrainingMeasurement?
    /// Keyed by the batch size as a string ("1", "8"), as in the PyTorch JSON.
    public var gen: [String: GenerationMeasurement]?
    public var prime: PrimeMeasurement?

    enum CodingKeys: String, CodingKey {
        case threads, train, gen, prime
        case hiddenSize = "H"
        case layers = "L"
    }
}

public struct BenchmarkMeta: Codable, Sendable, Equatable {
    public var engine: String
    public var vocabularySize: Int
    public var embeddingSize: Int
    public var batchSize: Int
    public var sequenceLength: Int
    public var generationTokens: Int
    public var primeLength: Int

    enum CodingKeys: String, CodingKey {
        case engine
        case vocabularySize = "vocab"
        case embeddingSize = "emb"
        case batchSize = "batch"
        case sequenceLength = "seq"
        case generationTokens = "gen_tokens"
        case primeLength = "prime_len"
    }
}

public struct BenchmarkReport: Codable, Sendable, Equatable {
    public var meta: BenchmarkMeta
    public var results: [BenchmarkRow]

    /// The readable table: one line per row, in the layout Scripts/torch_bench.py prints too.
    public func table(generationBatches: [Int]) -> String {
        var lines = ["NeuraLSTM  V=\(meta.vocabularySize) E=\(meta.embeddingSize) B=\(meta.batchSize) T=\(meta.sequenceLength)"]
        var header = "thr    H  L | train tok/s (med-step)    step s (min-max)"
        for batch in generationBatches { header += " | " + "gen b\(batch) tok/s (min-max)".leftPadded(to: 26) }
        header += " | " + "prime \(meta.primeLength) ms".leftPadded(to: 18)
        lines.append(header)
        lines.append(String(repeating: "-", count: header.count))
        for row in results {
            var line = "\(row.threads)".leftPadded(to: 3) + " " + "\(row.hiddenSize)".leftPadded(to: 4) + " "
                + "\(row.layers)".leftPadded(to: 2) + " | "
            if let train = row.train {
                line += format(train.tokensPerSecond, 0).leftPadded(to: 11) + " "
                    + format(train.tokensPerSecondMedianStep, 0).leftPadded(to: 10) + " "
                    + format(train.stepSeconds.median, 3).leftPadded(to: 6)
                    + " (\(format(train.stepSeconds.min, 3))-\(format(train.stepSeconds.max, 3)))"
            } else {
                line += "-".leftPadded(to: 11) + " " + "-".leftPadded(to: 10) + " " + "-".leftPadded(to: 19)
            }
            for batch in generationBatches {
                if let gen = row.gen?["\(batch)"] {
                    let spread = gen.tokensPerSecondSpread
                    line += " | " + format(spread.median, 0).leftPadded(to: 8) + " ("
                        + format(spread.min, 0).leftPadded(to: 7) + "-" + format(spread.max, 0).rightPadded(to: 7) + ")   "
                } else {
                    line += " | " + "-".leftPadded(to: 26)
                }
            }
            if let prime = row.prime {
                line += " | " + format(prime.milliseconds, 1).leftPadded(to: 6)
                    + " (\(format(prime.millisecondsSpread.min, 1))-\(format(prime.millisecondsSpread.max, 1)))"
            } else {
                line += " | " + "-".leftPadded(to: 18)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        guard decimals > 0 else { return String(Int(rounded)) }
        let whole = Int(rounded.magnitude)
        let fraction = Int(((rounded.magnitude - Double(whole)) * scale).rounded())
        let digits = String(fraction)
        return (rounded < 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    fileprivate func rightPadded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
