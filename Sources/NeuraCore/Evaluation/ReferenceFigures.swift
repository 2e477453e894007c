import Foundation
import NeuraMetrics

/// What a model keeps of the music it learned from, to judge a take against: every metric of
/// `neurascore metrics` summarised over its training corpus (mean, spread and percentiles),
/// less the figures that depend on a file's ticks per quarter. Kept in the training record
/// under `referenceFigures`.
public struct ReferenceFigures: Codable, Hashable, Sendable {
    /// What the figures are called beside a take's ("chorales").
    public var label: String
    /// The files and folders measured, as given.
    public var corpus: [String]
    /// Files that could not be measured (reported when the figures were recorded).
    public var failedFiles: Int
    public var summary: SetSummary
    public var neurascoreVersion: String

    public init(label: String, corpus: [String], measured: MeasuredSet) {
        self.label = label
        self.corpus = corpus
        failedFiles = measured.failures.count
        summary = measured.summary.comparableAcrossResolutions
        neurascoreVersion = neuraScoreVersion
    }

    /// The training record's key.
    public static let recordKey = "referenceFigures"

    /// Folder names that say which split a corpus is, not what music it holds.
    static let splitNames: Set<String> = ["train", "training", "valid", "validation", "val", "test", "midi", "mid"]

    /// A name for a corpus from its paths: the last folder (or file) of each that is not a split
    /// ("corpus/chorales/train" is "chorales"), joined with " + " when they differ.
    public static func label(for corpus: [String]) -> String {
        var names: [String] = []
        for path in corpus {
            let components = URL(fileURLWithPath: path).standardizedFileURL.pathComponents.reversed()
            let name = components
                .map { ($0 as NSString).deletingPathExtension }
                .first { !$0.isEmpty && $0 != "/" && !splitNames.contains($0.lowercased()) }
            if let name, !names.contains(name) { names.append(name) }
        }
        return names.isEmpty ? "reference" : names.joined(separator: " + ")
    }
}

extension NeuraModel {
    /// The reference figures in the training record, if any.
    public func referenceFigures() throws(ModelError) -> ReferenceFigures? {
        try trainingRecordField(ReferenceFigures.recordKey, as: ReferenceFigures.self)
    }

    /// Writes `figures` into the model file at `url`; nothing else changes.
    public static func recordReferenceFigures(_ figures: ReferenceFigures, inModelAt url: URL) throws(ModelError) {
        try updateTrainingRecord(at: url, setting: [ReferenceFigures.recordKey: try trainingRecordValue(figures)])
    }
}
