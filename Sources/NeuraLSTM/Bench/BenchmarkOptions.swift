/// A model size to benchmark, written `HxL` (`512x2`), as Scripts/torch_bench.py takes it too.
public struct BenchmarkShape: Hashable, Sendable, CustomStringConvertible {
    public var hiddenSize: Int
    public var layers: Int

    public init(hiddenSize: Int, layers: Int) {
        self.hiddenSize = hiddenSize
        self.layers = layers
    }

    /// Parses `HxL`; nil if the text is not two positive integers around an `x`.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let hidden = Int(parts[0]), let layers = Int(parts[1]), hidden > 0, layers > 0 else {
            return nil
        }
        self.init(hiddenSize: hidden, layers: layers)
    }

    public var description: String { "\(hiddenSize)x\(layers)" }
}

public enum BenchmarkPart: String, CaseIterable, Sendable {
    case train, gen, prime
}

/// What `neurascore bench` measures. The defaults are those of
/// Scripts/torch_bench.py, so that the two reports compare row by row.
public struct BenchmarkOptions: Sendable {
    public var threadCounts: [Int] = [2, 1]
    public var shapes: [BenchmarkShape] = [
        BenchmarkShape(hiddenSize: 256, layers: 2), BenchmarkShape(hiddenSize: 512, layers: 2),
        BenchmarkShape(hiddenSize: 512, layers: 3),
    ]
    public var vocabularySize = 256
    public var embeddingSize = 256
    public var batchSize = 32
    public var sequenceLength = 128
    public var warmupSteps = 3
    public var timedSteps = 20
    public var generationTokens = 512
    public var generationRepeats = 3
    public var generationBatches = [1, 8]
    public var temperature: Float = 1
    /// Weights of generation steps and priming; the composer and `generate` use half precision.
    public var generationPrecision: WeightPrecision = .float16
    public var primeLength = 512
    public var primeRepeats = 5
    public var primeShapes = [BenchmarkShape(hiddenSize: 512, layers: 2)]
    public var parts: Set<BenchmarkPart> = Set(BenchmarkPart.allCases)

    public init() {}

    /// A few seconds in all: for checking that the bench runs, not for numbers worth reporting.
    public static var quick: BenchmarkOptions {
        var options = BenchmarkOptions()
        options.threadCounts = [1]
        options.shapes = [BenchmarkShape(hiddenSize: 64, layers: 2)]
        options.primeShapes = options.shapes
        options.vocabularySize = 32
        options.embeddingSize = 32
        options.batchSize = 4
        options.sequenceLength = 16
        options.warmupSteps = 1
        options.timedSteps = 2
        options.generationTokens = 16
        options.generationRepeats = 1
        options.generationBatches = [1, 2]
        options.primeLength = 16
        options.primeRepeats = 1
        return options
    }

    func validate() throws(BenchmarkError) {
        let sizes = [vocabularySize, embeddingSize, batchSize, sequenceLength, timedSteps, generationTokens,
                     generationRepeats, primeLength, primeRepeats]
        guard sizes.allSatisfy({ $0 > 0 }), warmupSteps >= 0 else {
            throw .invalidOptions("sizes, steps and repeats must be positive")
        }
        guard !threadCounts.isEmpty, threadCounts.allSatisfy({ $0 > 0 }) else {
            throw .invalidOptions("thread counts must be positive")
        }
        guard !shapes.isEmpty else { throw .invalidOptions("no configurations to run") }
        guard generationBatches.allSatisfy({ $0 > 0 }) else { throw .invalidOptions("generation batches must be positive") }
        guard temperature.isFinite, temperature > 0 else { throw .invalidOptions("temperature must be positive") }
    }
}

public enum BenchmarkError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidOptions(String)
    case engine(LSTMError)

    public var description: String {
        switch self {
        case .invalidOptions(let why): return "bench: \(why)"
        case .engine(let error): return "bench: the engine failed: \(error.description)"
        }
    }
}
