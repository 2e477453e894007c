/// Puts a raw `MIDIFile` on the step grid, reporting every change it makes.
///
/// Timing is taken in beats (ticks per quarter), so tempo changes do not move notes on the
/// grid; they only flatten the playback speed to the first tempo, which the report says.
public enum Quantizer {
    public static func score(
        from midi: MIDIFile, stepsPerQuarter: Int = 4, source: String
    ) throws -> (score: Score, report: ImportReport) {
        guard (1...480).contains(stepsPerQuarter) else { throw ScoreError.invalidStepsPerQuarter(stepsPerQuarter) }
        var report = ImportReport()
        let tracks = sequentialTracks(of: midi, source: source, report: &report)
        let firstTempo = firstValue(in: tracks, \.tempoBPM)
        let toStep = try stepMapping(
            for: midi.division, stepsPerQuarter: stepsPerQuarter, tempo: firstTempo ?? 120,
            source: source, report: &report)

        var collector = NoteCollector(source: source)
        for (index, track) in tracks.enumerated() {
            collector.collect(track: track, index: index, isConductorCandidate: index == 0 && midi.format == 1, report: &report)
        }
        let layout = PartLayout(tracks: tracks, format: midi.format, source: source, report: &report)
        // Every collected note began with a note-on, so its source is one of the layout's.
        let placed = collector.collected.map { ($0, layout.part(of: $0.source) ?? 0) }
        let notes = placed.filter { !$0.0.source.isDrum }.map { $0.0.quantized(toStep, part: $0.1) }
        let drums = placed.filter { $0.0.source.isDrum }.map { $0.0.quantized(toStep, part: $0.1) }
        let lengthened = notes.filter(\.wasLengthened).count + drums.filter(\.wasLengthened).count
        report.add(.notesLengthened, source: source, count: lengthened)

        let pitched = resolveCollisions(notes.map(\.note))
        report.add(.duplicatesMerged, source: source, count: pitched.merged)
        report.add(.overlapsTrimmed, source: source, count: pitched.trimmed)
        let percussion = resolveCollisions(drums.map(\.note))
        report.add(.duplicatesMerged, source: source, count: percussion.merged, detail: percussion.merged > 0 ? "drums" : "")
        report.add(.overlapsTrimmed, source: source, count: percussion.trimmed, detail: percussion.trimmed > 0 ? "drums" : "")
        if !percussion.notes.isEmpty {
            report.add(.drumsSetAside, source: source, count: percussion.notes.count,
                       detail: "channel 10 notes kept apart from the pitched notes")
        }

        report.flattening(.tempoFlattened, values: allValues(in: tracks, \.tempoBPM), source: source) {
            "\(($0 * 100).rounded() / 100) BPM"
        }
        report.flattening(.timeSignatureFlattened, values: allValues(in: tracks, \.timeSignature), source: source) {
            "\($0.numerator)/\($0.denominator)"
        }
        report.flattening(.keySignatureFlattened, values: allValues(in: tracks, \.keySignature), source: source) {
            "\($0.sharps) sharps\($0.isMinor ? " minor" : "")"
        }

        report.keySignatureWasRead = firstValue(in: tracks, \.keySignature) != nil
        let endTick = tracks.map { $0.events.last?.tick ?? 0 }.max() ?? 0
        let score = Score(
            stepsPerQuarter: stepsPerQuarter,
            tempo: firstTempo ?? 120,
            timeSignature: firstValue(in: tracks, \.timeSignature) ?? .common,
            keySignature: firstValue(in: tracks, \.keySignature) ?? .cMajor,
            notes: pitched.notes, drums: percussion.notes, length: toStep(endTick), parts: layout.parts)
        if score.notes.isEmpty {
            report.add(.emptyPiece, source: source, detail: "the file has no pitched notes")
        }
        return (score, report)
    }

    /// Format 2 tracks are independent sequences: they are laid one after another in time.
    private static func sequentialTracks(of midi: MIDIFile, source: String, report: inout ImportReport) -> [MIDITrack] {
        guard midi.format == 2, midi.tracks.count > 1 else { return midi.tracks }
        report.add(.readerWarning, source: source,
                   detail: "format 2: \(midi.tracks.count) independent sequences played one after another")
        var offset = 0
        return midi.tracks.map { track in
            let shifted = MIDITrack(events: track.events.map { MIDIEvent(tick: $0.tick + offset, $0.message) })
            offset = shifted.events.last?.tick ?? offset
            return shifted
        }
    }

    private static func stepMapping(
        for division: MIDIFile.Division, stepsPerQuarter: Int, tempo: Double, source: String,
        report: inout ImportReport
    ) throws -> (Int) -> Int {
        switch division {
        case .ticksPerQuarter(let ticksPerQuarter):
            guard ticksPerQuarter > 0 else {
                throw ScoreError.invalidDivision(source: source, detail: "\(ticksPerQuarter) ticks per quarter")
            }
            // Round half up in integers: no float drift on long files.
            return { tick in (2 * tick * stepsPerQuarter + ticksPerQuarter) / (2 * ticksPerQuarter) }
        case .smpte(let framesPerSecond, let ticksPerFrame):
            let frameRates: [Int: Double] = [24: 24, 25: 25, 29: 29.97, 30: 30]
            guard let frameRate = frameRates[framesPerSecond], ticksPerFrame > 0 else {
                throw ScoreError.invalidDivision(
                    source: source, detail: "SMPTE \(framesPerSecond) frames/s, \(ticksPerFrame) ticks/frame")
            }
            let stepsPerTick = tempo / 60 * Double(stepsPerQuarter) / (frameRate * Double(ticksPerFrame))
            report.add(.smpteConverted, source: source,
                       detail: "\(framesPerSecond) fps × \(ticksPerFrame) ticks/frame at \(tempo) BPM")
            return { tick in Int((Double(tick) * stepsPerTick).rounded()) }
        }
    }

    /// The value of the earliest event carrying one; ties go to the lower track.
    private static func firstValue<T>(in tracks: [MIDITrack], _ extract: (MIDIMessage) -> T?) -> T? {
        var best: (tick: Int, value: T)?
        for track in tracks {
            for event in track.events {
                guard let value = extract(event.message) else { continue }
                if best == nil || event.tick < best!.tick { best = (event.tick, value) }
                break
            }
        }
        return best?.value
    }

    private static func allValues<T>(in tracks: [MIDITrack], _ extract: (MIDIMessage) -> T?) -> [(tick: Int, value: T)] {
        tracks.flatMap { $0.events.compactMap { event in extract(event.message).map { (event.tick, $0) } } }
            .sorted { $0.tick < $1.tick }
    }

    /// Merges notes sharing (part, pitch, start), keeping the longest, then trims a note that
    /// still sounds when the next one of the same pitch and part starts.
    static func resolveCollisions(_ notes: [Note]) -> (notes: [Note], merged: Int, trimmed: Int) {
        let groups = Dictionary(grouping: notes) { PitchInPart(part: $0.part, pitch: $0.pitch) }
        var kept: [Note] = []
        var merged = 0
        var trimmed = 0
        for group in groups.values {
            let ordered = group.sorted { ($0.start, -$0.length) < ($1.start, -$1.length) }
            var previous: Note?
            for note in ordered {
                if var last = previous {
                    if last.start == note.start { merged += 1; continue }
                    if last.end > note.start {
                        last.length = note.start - last.start
                        trimmed += 1
                    }
                    kept.append(last)
                }
                previous = note
            }
            if let previous { kept.append(previous) }
        }
        return (kept.sorted(by: Score.noteOrder), merged, trimmed)
    }

    struct PitchInPart: Hashable {
        var part: Int
        var pitch: Int
    }
}

private extension ImportReport {
    /// One entry when the events disagree with the first, listing the values that were dropped.
    mutating func flattening<T: Equatable>(
        _ kind: Kind, values: [(tick: Int, value: T)], source: String, describe: (T) -> String
    ) {
        guard let first = values.first else { return }
        let changes = values.dropFirst().filter { $0.value != first.value }
        guard !changes.isEmpty else { return }
        let shown = changes.prefix(4).map { "\(describe($0.value)) at tick \($0.tick)" }.joined(separator: ", ")
        add(kind, source: source, count: changes.count,
            detail: "kept \(describe(first.value)); dropped \(shown)\(changes.count > 4 ? ", …" : "")")
    }
}
