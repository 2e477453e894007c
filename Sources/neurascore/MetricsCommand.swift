import ArgumentParser
import Foundation
import NeuraCore
import NeuraMetrics
import NeuraMusic

struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Objective metrics of MIDI files: MusPy's, Yang & Lerch's, and harmony and voice leading.",
        discussion: """
            FILES and FOLDERS are any mix of MIDI files and folders (searched recursively for .mid/.midi). \
            Prints each metric's mean, standard deviation and percentiles over the files; --per-file adds \
            every file's figures. With --reference, also the overlapped area (OA) and KL divergence of \
            Yang & Lerch's intra-set against inter-set distances, per feature, and their mean OA. MusPy's \
            metrics agree with MusPy 0.5.0 on the same file. A file that cannot be read is named with the \
            problem on stderr, the others are still measured, and the exit status is 1. --json prints \
            {"measured", "reference", "comparison"}; the README lists every key. --record MODEL writes \
            the files' figures into the model file as its reference figures, which the composer's \
            evaluation view (e, :eval) shows a take against.
            """)

    @Argument(help: "MIDI files and folders to measure.")
    var files: [String]

    @Option(parsing: .upToNextOption, help: "MIDI files and folders to compare with (the music the measured set should resemble).")
    var reference: [String] = []

    @Flag(help: "Print stable JSON.")
    var json = false

    @Flag(help: "Also print every file's figures.")
    var perFile = false

    @Option(help: ArgumentHelp(
        "Write the figures into this model (a name or .safetensors path) as its reference figures.",
        discussion: "Give it the model's own training corpus. Only the training record changes; the figures that depend on a file's ticks per quarter (grooveConsistency) are left out."))
    var record: String?

    @Option(help: "With --record: what the reference is called beside a take (default: the corpus folder's name, e.g. chorales).")
    var label: String?

    /// Fewer files than this are measured without a progress bar.
    static let progressThreshold = 10

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one MIDI file or folder") }
        if record != nil, !reference.isEmpty {
            throw ValidationError("--record stores the measured files' figures; leave out --reference")
        }
        if label != nil, record == nil { throw ValidationError("--label names recorded figures; give --record MODEL too") }
        if let label, label.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--label must not be empty") }
    }

    func run() throws {
        // A model that cannot be found is reported before any file is measured.
        let modelURL = try record.map { try ModelLocator.standard().resolve($0) }
        let measuredFiles = MeasuredSet.files(in: files)
        let referenceFiles = reference.isEmpty ? nil : MeasuredSet.files(in: reference)
        let total = measuredFiles.files.count + (referenceFiles?.files.count ?? 0)
        let progress = total >= Self.progressThreshold ? ProgressPrinter(label: "metrics", unit: "files", total: total) : nil
        let measured = MeasuredSet.measure(measuredFiles.files, failures: measuredFiles.failures) { progress?.update(done: $0) }
        let referenceSet = referenceFiles.map { files in
            MeasuredSet.measure(files.files, failures: files.failures) { progress?.update(done: measuredFiles.files.count + $0) }
        }
        progress?.finish()
        let report = MetricsReport(measured: measured, reference: referenceSet)
        for failure in report.failures { printError("Error: \(failure.error)") }
        print(json ? report.jsonString(perFile: perFile) : report.text(perFile: perFile))
        if let modelURL { try recordFigures(of: measured, in: modelURL) }
        if !report.failures.isEmpty {
            printError("metrics: \(report.failures.count) file\(report.failures.count == 1 ? "" : "s") or folder\(report.failures.count == 1 ? "" : "s") could not be measured")
            throw ExitCode.failure
        }
    }

    private func recordFigures(of measured: MeasuredSet, in url: URL) throws {
        guard !measured.pieces.isEmpty else {
            printError("Error: no file could be measured, so nothing was recorded in \(url.path)")
            throw ExitCode.failure
        }
        let figures = ReferenceFigures(label: label ?? ReferenceFigures.label(for: files), corpus: files, measured: measured)
        try NeuraModel.recordReferenceFigures(figures, inModelAt: url)
        printError("recorded the reference figures of \(measured.pieces.count) piece\(measured.pieces.count == 1 ? "" : "s") (\(figures.label)) in \(url.path)")
    }
}
