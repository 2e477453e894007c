extension Score {
    /// This score changed until `config` can encode it, with a report of each change: drums
    /// and out-of-range pitches dropped, parts given the encoding's roles (or merged into its one
    /// voice), lengths clamped, velocities binned, notes sharing a part, pitch and start merged
    /// (the longest kept), unknown styles dropped.
    public func fitted(to config: EncodingConfig, source: String) throws -> (score: Score, report: ImportReport) {
        try config.validate()
        guard stepsPerQuarter == config.stepsPerQuarter else {
            throw EncodingError.gridMismatch(score: stepsPerQuarter, encoding: config.stepsPerQuarter)
        }
        var report = ImportReport()
        report.add(.drumsDropped, source: source, count: drums.count, detail: "the pitched encoding has no drums")
        let assignment = PartAssignment(score: self, config: config)
        if config.parts.isEmpty {
            let used = Set(notes.map(\.part))
            if used.count > 1 || used.first.map({ $0 != 0 }) == true {
                report.add(.partsMerged, source: source, count: used.count, detail: "\(used.count) part(s) merged into one voice")
            }
        } else {
            report.add(.partsMerged, source: source, count: assignment.merged.count,
                       detail: "more parts than the encoding's \(config.parts.count): " + assignment.merged.joined(separator: ", "))
            report.add(.partsAssignedByRegister, source: source, count: assignment.byRegister.count,
                       detail: assignment.byRegister.joined(separator: ", "))
            report.add(.partsDropped, source: source, count: assignment.dropped.count,
                       detail: "every voice of the encoding is already named: " + assignment.dropped.joined(separator: ", "))
        }
        let voicedNotes = notes.filter { assignment.role[$0.part] != nil }
        let inRange = voicedNotes.filter { config.pitchRange.contains($0.pitch) }
        if inRange.count < voicedNotes.count {
            let outside = voicedNotes.filter { !config.pitchRange.contains($0.pitch) }.map(\.pitch)
            report.add(.pitchOutOfRange, source: source, count: outside.count,
                       detail: "pitches \(outside.min()!)…\(outside.max()!) outside \(config.lowestPitch)…\(config.highestPitch)")
        }
        var shortened = 0
        var revoiced = 0
        let voiced = inRange.map { note -> Note in
            var fitted = note
            fitted.part = assignment.role[note.part] ?? 0
            if fitted.length > config.maxLength { fitted.length = config.maxLength; shortened += 1 }
            let velocity = config.encodedVelocity(note.velocity)
            if velocity != note.velocity { fitted.velocity = velocity; revoiced += 1 }
            return fitted
        }
        report.add(.notesShortened, source: source, count: shortened, detail: "to \(config.maxLength) steps")
        report.add(.velocitiesChanged, source: source, count: revoiced,
                   detail: config.velocityBins == 0 ? "set to \(EncodingConfig.defaultVelocity)" : "to \(config.velocityBins) bins")

        var longestAt: [Int: Note] = [:]
        for note in voiced {
            let key = (note.start << 4 | note.part) << 7 | note.pitch
            if let kept = longestAt[key], kept.length >= note.length { continue }
            longestAt[key] = note
        }
        report.add(.duplicatesMerged, source: source, count: voiced.count - longestAt.count,
                   detail: config.parts.isEmpty ? "same pitch and start in different parts" : "same part, pitch and start")

        var fittedStyle = style
        if let style, !config.styles.contains(style) {
            report.add(.styleDropped, source: source, detail: "\"\(style)\" is not among \(config.styles)")
            fittedStyle = nil
        }
        let score = Score(
            stepsPerQuarter: stepsPerQuarter, tempo: tempo, timeSignature: timeSignature, keySignature: keySignature,
            notes: Array(longestAt.values), length: length, style: fittedStyle, parts: config.roleParts)
        return (score, report)
    }
}

extension EncodingConfig {
    /// The encoding's roles as a score's parts (none for a single stream).
    public var roleParts: [Part] {
        parts.map { Part(name: $0.name, program: $0.program) }
    }
}
