import ArgumentParser
import Foundation
import NeuraLSTM

/// `neurascore bench`: engine throughput, reported in the JSON that Scripts/torch_bench.py prints
/// for PyTorch, so that the two compare row by row.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training, generation and priming throughput of the LSTM engine.",
        discussion: """
            Defaults: V=256, E=256, B=32, T=128; H×L = 256x2, 512x2, 512x3; Adam, clipping 1.0. \
            Scripts/torch_bench.py measures PyTorch the same way, with the same options, and with --json \
            both print the same keys, so the two compare row by row. Progress rows go to stderr.
            """)

    @Option(parsing: .upToNextOption, help: "Engine thread counts to run, e.g. --threads 2 1.")
    var threads: [Int] = [2, 1]

    @Option(parsing: .upToNextOption, help: "Model shapes as HxL, e.g. --configs 256x2 512x2.")
    var configs: [String] = ["256x2", "512x2", "512x3"]

    @Option(parsing: .upToNextOption, help: "Parts to run: train gen prime.")
    var parts: [String] = ["train", "gen", "prime"]

    @Option(help: "Timed training steps.") var steps = 20
    @Option(help: "Untimed training steps first.") var warmup = 3
    @Option(name: .customLong("gen-tokens"), help: "Tokens per stream per generation run.") var generationTokens = 512
    @Option(name: .customLong("gen-repeats"), help: "Generation runs; the median is reported.") var generationRepeats = 3
    @Option(name: .customLong("gen-batches"), parsing: .upToNextOption, help: "Stream counts for generation.")
    var generationBatches: [Int] = [1, 8]
    @Option(name: .customLong("prime-configs"), parsing: .upToNextOption, help: "Shapes (HxL) that get the priming pass.")
    var primeConfigs: [String] = ["512x2"]

    @Option(name: .customLong("gen-precision"), help: "Weights of generation steps: float16 or float32.")
    var generationPrecision = "float16"

    @Flag(help: "A tiny model and a few steps: checks that the bench runs, in seconds.") var quick = false
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        let options = try benchmarkOptions()
        let report = try Benchmark.run(options) { row in
            FileHandle.standardError.write(Data("bench: threads=\(row.threads) H=\(row.hiddenSize) L=\(row.layers) done\n".utf8))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table(generationBatches: options.generationBatches))
        }
    }

    private func benchmarkOptions() throws -> BenchmarkOptions {
        if quick { return BenchmarkOptions.quick }
        var options = BenchmarkOptions()
        options.threadCounts = threads
        options.shapes = try configs.map(Self.shape)
        options.primeShapes = try primeConfigs.map(Self.shape)
        options.parts = Set(try parts.map { name in
            guard let part = BenchmarkPart(rawValue: name) else {
                throw ValidationError("unknown part '\(name)'; use train, gen or prime")
            }
            return part
        })
        options.timedSteps = steps
        options.warmupSteps = warmup
        options.generationTokens = generationTokens
        options.generationRepeats = generationRepeats
        options.generationBatches = generationBatches
        guard let precision = WeightPrecision(rawValue: generationPrecision) else {
            throw ValidationError("'\(generationPrecision)' is not a precision; use float16 or float32")
        }
        options.generationPrecision = precision
        return options
    }

    private static func shape(_ text: String) throws -> BenchmarkShape {
        guard let shape = BenchmarkShape(parsing: text) else {
            throw ValidationError("'\(text)' is not a shape HxL such as 512x2")
        }
        return shape
    }
}
