import Foundation
import NeuraMusic

/// A file that could not be measured, and why (the reason names the file).
public struct MetricsFailure: Hashable, Sendable, Codable {
    public var file: String
    public var error: String
}

/// The pieces of a set of MIDI files, and the files that could not be read.
public struct MeasuredSet: Sendable {
    public var pieces: [PieceMetrics]
    public var failures: [MetricsFailure]

    public init(pieces: [PieceMetrics], failures: [MetricsFailure] = []) {
        self.pieces = pieces
        self.failures = failures
    }

    public var fileCount: Int { pieces.count + failures.count }
    public var summary: SetSummary { SetSummary(pieces) }

    /// The MIDI files that FILES|FOLDERS arguments name (folders searched recursively, as
    /// every corpus argument is), sorted; an argument that names nothing readable becomes a
    /// failure instead of stopping the others.
    public static func files(in paths: [String]) -> (files: [URL], failures: [MetricsFailure]) {
        var found = Set<URL>()
        var failures: [MetricsFailure] = []
        for path in paths {
            do {
                found.formUnion(try CorpusFiles.list([path]))
            } catch {
                failures.append(MetricsFailure(file: path, error: "\(error)"))
            }
        }
        return (found.sorted { $0.path < $1.path }, failures)
    }

    /// Reads and measures every file; `progress` hears the count done after each.
    public static func measure(_ files: [URL], failures: [MetricsFailure] = [], progress: (Int) -> Void = { _ in }) -> MeasuredSet {
        var set = MeasuredSet(pieces: [], failures: failures)
        for (index, url) in files.enumerated() {
            do {
                set.pieces.append(try PieceMetrics(contentsOf: url))
            } catch {
                set.failures.append(MetricsFailure(file: url.path, error: "\(error)"))
            }
            progress(index + 1)
        }
        return set
    }
}

/// What `neurascore metrics` reports: a measured set, and optionally a reference set with
/// Yang & Lerch's comparison of the two.
public struct MetricsReport: Sendable {
    public var measured: MeasuredSet
    public var reference: MeasuredSet?
    public var comparison: SetComparison?

    public init(measured: MeasuredSet, reference: MeasuredSet? = nil) {
        self.measured = measured
        self.reference = reference
        comparison = reference.map { SetComparison(measured: measured.pieces.map(\.features), reference: $0.pieces.map(\.features)) }
    }

    public var failures: [MetricsFailure] { measured.failures + (reference?.failures ?? []) }
}
