import Foundation

/// Scores to and from MIDI files on disk: the reader, the quantiser and the writer in one call.
public enum ScoreFile {
    /// Reads and quantises a file. The reader's warnings open the report.
    public static func load(contentsOf url: URL, stepsPerQuarter: Int = 4) throws -> (score: Score, report: ImportReport) {
        let read = try MIDIReader.read(contentsOf: url)
        var report = ImportReport()
        let ownPrefix = url.path + ": "
        for warning in read.warnings {
            // The reader names the file in each warning; the report entry already does.
            let detail = warning.hasPrefix(ownPrefix) ? String(warning.dropFirst(ownPrefix.count)) : warning
            report.add(.readerWarning, source: url.path, detail: detail)
        }
        let (score, quantizeReport) = try Quantizer.score(from: read.file, stepsPerQuarter: stepsPerQuarter, source: url.path)
        report.append(contentsOf: quantizeReport)
        return (score, report)
    }

    /// Writes the score (and any generated notes) as SMF format 1, atomically.
    public static func save(
        _ score: Score, generated: [Note] = [], options: ExportOptions = ExportOptions(), to url: URL
    ) throws {
        try MIDIWriter.write(MIDIFile(score: score, generated: generated, options: options), to: url)
    }

    /// `neurascore quantize`: the file as NeuraScore sees it, written back.
    public static func quantize(
        _ input: URL, to output: URL, stepsPerQuarter: Int = 4
    ) throws -> (score: Score, report: ImportReport) {
        let loaded = try load(contentsOf: input, stepsPerQuarter: stepsPerQuarter)
        try save(loaded.score, options: ExportOptions(title: input.deletingPathExtension().lastPathComponent), to: output)
        return loaded
    }
}
