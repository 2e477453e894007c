import ArgumentParser
import Foundation
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
            {"measured", "reference", "comparison"}; the README lists every key.
            """)

    @Argument(help: "MIDI files and folders to measure.")
    var files: [String]

    @Option(parsing: .upToNextOption, help: "MIDI files and folders to compare with (the music the measured set should resemble).")
    var reference: [String] = []

    @Flag(help: "Print stable JSON.")
    var json = false

    @Flag(help: "Also print every file's figures.")
    var perFile = false

    /// Fewer files than this are measured without a progress bar.
    static let progressThreshold = 10

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one MIDI file or folder") }
    }

    func run() throws {
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
        if !report.failures.isEmpty {
            printError("metrics: \(report.failures.count) file\(report.failures.count == 1 ? "" : "s") or folder\(report.failures.count == 1 ? "" : "s") could not be measured")
            throw ExitCode.failure
        }
    }
}
