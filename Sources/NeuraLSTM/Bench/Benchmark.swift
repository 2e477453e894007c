/// Measures the engine the way Scripts/torch_bench.py measures PyTorch:
/// training steps (B×T tokens, cross-entropy, clipping at 1.0, Adam at 1e-3), one-token-at-a-time
/// generation with sampling for several stream counts, and a batch-1 priming pass.
public enum Benchmark {
    /// Runs every requested part for every thread count and shape; `progress` sees each row as it
    /// completes (the bench takes minutes). BLAS threads are left at the last count afterwards.
    public static func run(
        _ options: BenchmarkOptions, progress: (BenchmarkRow) -> Void = { _ in }
    ) throws(BenchmarkError) -> BenchmarkReport {
        try options.validate()
        var rows: [BenchmarkRow] = []
        for threads in options.threadCounts {
            BLAS.setThreadCount(threads)
            for shape in options.shapes {
                let config: LSTMConfig
                do {
                    config = try LSTMConfig(
                        vocabularySize: options.vocabularySize, embeddingSize: options.embeddingSize,
                        hiddenSize: shape.hiddenSize, layers: shape.layers)
                } catch {
                    throw .engine(error)
                }
                var row = BenchmarkRow(threads: threads, hiddenSize: shape.hiddenSize, layers: shape.layers)
                do {
                    if options.parts.contains(.train) { row.train = try measureTraining(config, options) }
                    if options.parts.contains(.gen) {
                        var generation: [String: GenerationMeasurement] = [:]
                        for batch in options.generationBatches {
                            generation["\(batch)"] = try measureGeneration(config, streams: batch, options)
                        }
                        row.gen = generation
                    }
                    if options.parts.contains(.prime), options.primeShapes.contains(shape) {
                        row.prime = try measurePriming(config, options)
                    }
                } catch {
                    throw .engine(error)
                }
                progress(row)
                rows.append(row)
            }
        }
        let meta = BenchmarkMeta(
            engine: "NeuraLSTM (OpenBLAS sgemm, packed \(options.generationPrecision.rawValue) generation)", vocabularySize: options.vocabularySize,
            embeddingSize: options.embeddingSize, batchSize: options.batchSize,
            sequenceLength: options.sequenceLength, generationTokens: options.generationTokens,
            primeLength: options.primeLength)
        return BenchmarkReport(meta: meta, results: rows)
    }

    static func measureTraining(_ config: LSTMConfig, _ options: BenchmarkOptions) throws(LSTMError) -> TrainingMeasurement {
        var rng = SplitMix64(seed: 0)
        let parameters = LSTMParameters(config: config, rng: &rng)
        var trainer = try LSTMTrainer(
            parameters: parameters,
            options: TrainingOptions(schedule: .constant(1e-3), maxGradientNorm: 1.0), seed: 1)
        // A few distinct batches, made before the clock starts.
        var dataRNG = SplitMix64(seed: 1)
        let width = options.sequenceLength + 1
        var batches: [TrainingBatch] = []
        for _ in 0..<4 {
            let tokens = (0..<(options.batchSize * width)).map { _ in Int(dataRNG.next() % UInt64(config.vocabularySize)) }
            batches.append(try TrainingBatch(sequenceCount: options.batchSize, length: options.sequenceLength, tokens: tokens))
        }
        for index in 0..<options.warmupSteps { try trainer.step(batch: batches[index % batches.count]) }
        var stepSeconds: [Double] = []
        var loss: Float = 0
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<options.timedSteps {
            let stepStart = clock.now
            loss = try trainer.step(batch: batches[index % batches.count]).loss
            stepSeconds.append(seconds(clock.now - stepStart))
        }
        let total = seconds(clock.now - start)
        let tokensPerStep = Double(options.batchSize * options.sequenceLength)
        let spread = BenchmarkSpread(stepSeconds)
        return TrainingMeasurement(
            tokensPerSecond: tokensPerStep * Double(options.timedSteps) / total,
            tokensPerSecondMedianStep: tokensPerStep / spread.median, totalSeconds: total, stepSeconds: spread,
            finalLoss: Double(loss))
    }

    static func measureGeneration(
        _ config: LSTMConfig, streams: Int, _ options: BenchmarkOptions
    ) throws(LSTMError) -> GenerationMeasurement {
        var rng = SplitMix64(seed: 0)
        let session = InferenceSession(
            parameters: LSTMParameters(config: config, rng: &rng), precision: options.generationPrecision)
        var sampler = SplitMix64(seed: 2)
        let settings = SamplingSettings(temperature: options.temperature)
        var copy = session
        try sampleStreams(&copy, streams: streams, tokens: 32, settings: settings, rng: &sampler)  // warm-up
        var rates: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<options.generationRepeats {
            var fresh = session
            let start = clock.now
            try sampleStreams(&fresh, streams: streams, tokens: options.generationTokens, settings: settings, rng: &sampler)
            rates.append(Double(streams * options.generationTokens) / seconds(clock.now - start))
        }
        let spread = BenchmarkSpread(rates)
        return GenerationMeasurement(
            tokensPerSecond: spread.median, tokensPerSecondSpread: spread,
            millisecondsPerStepMedian: 1000 * Double(streams) / spread.median)
    }

    /// Each stream starts from a zero state on token 0 and feeds back what it samples, as
    /// `sample_streams` in Scripts/torch_bench.py does.
    private static func sampleStreams(
        _ session: inout InferenceSession, streams: Int, tokens: Int, settings: SamplingSettings,
        rng: inout SplitMix64
    ) throws(LSTMError) {
        session.addStreams(count: streams)
        let v = session.config.vocabularySize
        var next = [Int](repeating: 0, count: streams)
        for _ in 0..<tokens {
            let logits = try session.step(tokens: next)
            for stream in 0..<streams {
                next[stream] = try Sampling.sample(
                    logits: Array(logits[(stream * v)..<((stream + 1) * v)]), settings: settings, rng: &rng)
            }
        }
    }

    static func measurePriming(_ config: LSTMConfig, _ options: BenchmarkOptions) throws(LSTMError) -> PrimeMeasurement {
        var rng = SplitMix64(seed: 0)
        var session = InferenceSession(
            parameters: LSTMParameters(config: config, rng: &rng), precision: options.generationPrecision)
        let prefix = (0..<options.primeLength).map { _ in Int(rng.next() % UInt64(config.vocabularySize)) }
        _ = try session.prime(prefixes: [prefix])  // warm-up
        var milliseconds: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<options.primeRepeats {
            let start = clock.now
            _ = try session.prime(prefixes: [prefix])
            milliseconds.append(1000 * seconds(clock.now - start))
        }
        let spread = BenchmarkSpread(milliseconds)
        return PrimeMeasurement(
            milliseconds: spread.median, millisecondsSpread: spread,
            tokensPerSecond: Double(options.primeLength) / (spread.median / 1000))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
