import Foundation

extension MetricsReport {
    /// The human-readable report of `neurascore metrics`: each set's summary table, the
    /// comparison when there is a reference set, and with `perFile` every file's figures.
    public func text(perFile: Bool) -> String {
        var lines = Self.setLines(measured, title: "measured", perFile: perFile)
        if let reference {
            lines.append("")
            lines += Self.setLines(reference, title: "reference", perFile: perFile)
        }
        if let comparison {
            lines.append("")
            lines += Self.comparisonLines(comparison)
        }
        return lines.joined(separator: "\n")
    }

    private static let columns = ["mean", "sd", "p5", "p25", "p50", "p75", "p95"]
    private static let nameWidth = 36
    private static let columnWidth = 9

    private static func setLines(_ set: MeasuredSet, title: String, perFile: Bool) -> [String] {
        var lines: [String] = []
        let unreadable = set.failures.isEmpty ? "" : " (\(set.failures.count) could not be measured)"
        lines.append("\(title): \(set.pieces.count) of \(set.fileCount) file\(set.fileCount == 1 ? "" : "s") measured\(unreadable)")
        let summary = set.summary
        lines.append(pad("", nameWidth) + columns.map { padLeft($0, columnWidth) }.joined() + padLeft("n", 6))
        for (heading, table, order) in [
            ("MusPy 0.5.0, on the notes in ticks", summary.muspy, MusPyMetrics.scalars.map(\.key)),
            ("Yang & Lerch (mgeval)", summary.mgeval, PieceFeatures.scalars.map(\.key)),
            ("harmony and voice leading", summary.harmony, HarmonyFigures.scalars.map(\.key)),
        ] {
            lines.append(heading)
            for key in order {
                guard let metric = table[key] else { continue }
                let values = [metric.mean, metric.standardDeviation, metric.percentiles?.p5, metric.percentiles?.p25,
                              metric.percentiles?.p50, metric.percentiles?.p75, metric.percentiles?.p95]
                lines.append(pad("  " + key, nameWidth) + values.map { padLeft(number($0), columnWidth) }.joined()
                    + padLeft(String(metric.count), 6))
            }
        }
        if perFile {
            for piece in set.pieces { lines += [""] + pieceLines(piece) }
        }
        return lines
    }

    private static func pieceLines(_ piece: PieceMetrics) -> [String] {
        let ticks = piece.ticks
        let meter = ticks.meter
        let timing = ticks.ticksPerQuarter.map { "\($0) ticks per quarter, bar of \(ticks.measureTicks ?? 0) ticks (\(meter.numerator)/\(meter.denominator))" }
            ?? "SMPTE time: no beats, so no beat or bar figures"
        let harmony = piece.harmony
        let voices = harmony.voiceLeading.voices
        let voiceNames = voices.voices.map { voice in voice.role.map { "\(voice.name) (\($0.rawValue))" } ?? voice.name }
        let key = harmony.key.map { "\($0) (\(harmony.keySource == .keySignature ? "key signature" : "estimated"))" } ?? "none"
        return [
            piece.source,
            "  \(timing)",
            "  key \(key); voices by \(voices.identification == .partNames ? "part names" : "register"): "
                + (voiceNames.isEmpty ? "none" : voiceNames.joined(separator: ", ")),
            "  MusPy: " + MusPyMetrics.scalars.map { "\($0.key) \(number($0.value(piece.muspy)))" }.joined(separator: ", "),
            "  mgeval: " + PieceFeatures.scalars.map { "\($0.key) \(number($0.value(piece.features)))" }.joined(separator: ", "),
            "  harmony: " + HarmonyFigures.scalars.map { "\($0.key) \(number($0.value(harmony)))" }.joined(separator: ", "),
        ]
    }

    private static func comparisonLines(_ comparison: SetComparison) -> [String] {
        var lines = [
            "measured against reference (Yang & Lerch): overlapped area and KL divergence of each set's",
            "intra-set distances against the inter-set distances",
            pad("", nameWidth) + ["OA", "KL", "ref OA", "ref KL"].map { padLeft($0, columnWidth) }.joined()
                + padLeft("n", 6) + padLeft("ref n", 7),
        ]
        for feature in Feature.allCases {
            guard let result = comparison.features[feature] else { continue }
            let values = [result.overlappedArea, result.klDivergence, result.referenceOverlappedArea, result.referenceKLDivergence]
            lines.append(pad("  " + feature.rawValue, nameWidth) + values.map { padLeft(number($0), columnWidth) }.joined()
                + padLeft(String(result.pieceCount), 6) + padLeft(String(result.referencePieceCount), 7))
        }
        lines.append("mean OA \(number(comparison.meanOverlappedArea)) (reference set's intra-set distances: \(number(comparison.referenceMeanOverlappedArea)))")
        return lines
    }

    /// Whole numbers as they are, others to four decimals; "-" for none, "inf" for infinity.
    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        return String(format: "%.4f", value)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
