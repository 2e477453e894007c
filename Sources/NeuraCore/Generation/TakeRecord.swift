import NeuraMusic

/// What reproduces a take, written into its MIDI file as one text event of `key=value` pairs.
/// `neurascore generate` and the composer's `:w` both build it here, so a file from either names
/// the same settings under the same keys; every key is always present ("off" where unset).
public enum TakeRecord {
    /// - Parameters:
    ///   - model: the model's name, or its file name when it was given as a path.
    ///   - seed: where the music before the range came from: the `--seed-notes` text, the seed
    ///     file's name, or the composer's "tracks" (the seed is this file's own other tracks).
    ///   - variation: the take's variation, counted from 0 across the whole batch.
    ///   - variationCount: how many variations the batch had.
    public static func fields(
        model: String, job: GenerationJob, seed: String, variation: Int, variationCount: Int
    ) -> [String: String] {
        let controls = job.controls
        let meter = job.score
        let bars = Double(job.range.count) / Double(max(1, meter.stepsPerBar))
        return [
            "model": model,
            "style": controls.style ?? "off",
            "temperature": number(controls.temperature),
            "top-p": controls.topP.map(number) ?? "off",
            "top-k": controls.topK.map { "\($0)" } ?? "off",
            "repetition-penalty": number(controls.repetitionPenalty),
            "rng-seed": "\(controls.rngSeed)",
            "variation": "\(variation + 1) of \(max(variationCount, variation + 1))",
            "start": ScorePosition(step: job.range.lowerBound, in: meter).description,
            "end": ScorePosition(step: job.range.upperBound, in: meter).description,
            "length-bars": number(Float(bars)),
            "scale": controls.scale?.description ?? "off",
            "pitch-range": controls.pitchRange.map { "\(PitchName.name(of: $0.lowerBound))..\(PitchName.name(of: $0.upperBound))" }
                ?? "off",
            "max-polyphony": controls.maxPolyphony.map { "\($0)" } ?? "off",
            "loop-guard": controls.loopGuard.rawValue,
            "parallels": controls.parallelsRule.rawValue,
            "cadence": controls.cadenceRule.rawValue,
            "seed": seed,
            "neurascore": neuraScoreVersion,
        ]
    }

    /// Shortest decimal that reads back as the same Float: 0.9, not 0.899999976.
    static func number(_ value: Float) -> String {
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
