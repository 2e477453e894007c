import Foundation

extension MIDIInfo {
    /// Pretty-printed with sorted keys, so the same file always gives the same bytes.
    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every value here is a finite number or a string, which JSONEncoder cannot fail on.
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The human-readable report of `neurascore info`.
    public var textReport: String {
        var lines: [String] = [source]
        let division = ticksPerQuarter.map { "\($0) ticks per quarter" }
            ?? smpte.map { "SMPTE \($0.framesPerSecond) fps × \($0.ticksPerFrame) ticks per frame" } ?? ""
        lines.append("  format \(format), \(trackCount) track\(trackCount == 1 ? "" : "s"), \(division)")
        let beats = durationBeats.map { String(format: "%.2f beats, ", $0) } ?? ""
        lines.append("  duration: \(beats)\(String(format: "%.3f", durationSeconds)) s (\(Self.clock(durationSeconds)))")
        var noteLine = "  notes: \(noteCount) (\(drumNoteCount) drum)"
        if let pitchRange {
            noteLine += ", pitch range \(pitchRange.lowestName)–\(pitchRange.highestName) (\(pitchRange.lowest)–\(pitchRange.highest))"
        }
        lines.append(noteLine)
        var oddities: [String] = []
        if closedAtEndOfTrackCount > 0 { oddities.append("\(Self.count(closedAtEndOfTrackCount, "note-on")) never ended by a note-off, not counted") }
        if zeroLengthNoteCount > 0 { oddities.append("\(Self.count(zeroLengthNoteCount, "zero-length note")), not counted") }
        if strayNoteOffCount > 0 { oddities.append("\(Self.count(strayNoteOffCount, "note-off")) with no sounding note") }
        if !oddities.isEmpty { lines.append("  note pairing: " + oddities.joined(separator: "; ")) }

        lines.append("  tempo map:" + (tempos.isEmpty ? " none (120 BPM by default)" : ""))
        for tempo in tempos {
            lines.append("    \(place(tempo.at))  \(String(format: "%.2f", tempo.beatsPerMinute)) BPM (\(tempo.microsecondsPerQuarter) µs per quarter)")
        }
        lines.append("  time signatures:" + (timeSignatures.isEmpty ? " none (4/4 by default)" : ""))
        for signature in timeSignatures {
            lines.append("    \(place(signature.at))  \(signature.numerator)/\(signature.denominator)")
        }
        lines.append("  key signatures:" + (keySignatures.isEmpty ? " none" : ""))
        for key in keySignatures {
            let accidentals = key.sharps == 0 ? "no sharps or flats"
                : "\(abs(key.sharps)) \(key.sharps > 0 ? "sharp" : "flat")\(abs(key.sharps) == 1 ? "" : "s")"
            lines.append("    \(place(key.at))  \(key.name) (\(accidentals))")
        }
        lines.append("  tracks:")
        for track in tracks {
            let name = track.name.map { " \"\($0)\"" } ?? ""
            lines.append("    \(track.index)\(name): \(Self.count(track.noteCount, "note")), \(Self.count(track.eventCount, "event")), ends at tick \(track.endTick)")
            for channel in track.channels {
                let programs = channel.isDrum ? "drums" : "program " + channel.programs.map(String.init).joined(separator: ", ")
                lines.append("      channel \(channel.channel): \(Self.count(channel.noteCount, "note")) (\(programs))")
            }
        }
        lines.append("  parts:" + (parts.isEmpty ? " none" : ""))
        for part in parts {
            let from = part.sources.map { "track \($0.track) channel \($0.channel)" }.joined(separator: ", ")
            let sound = part.isDrum ? "drums" : "program \(part.program) (\(part.programName))"
            let range = part.pitchRange.map { ", \($0.lowestName)–\($0.highestName) (\($0.lowest)–\($0.highest))" } ?? ""
            lines.append("    \(part.index + 1) \"\(part.name)\" (\(from)): \(sound), \(Self.count(part.noteCount, "note"))\(range)")
        }
        if !warnings.isEmpty {
            lines.append("  warnings:")
            lines += warnings.map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    private func place(_ position: Position) -> String {
        let track = format == 2 ? "track \(position.track) " : ""
        let beat = position.beats.map { String(format: "beat %.2f, ", $0) } ?? ""
        return "\(track)tick \(position.tick) (\(beat)\(String(format: "%.3f", position.seconds)) s)"
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    private static func clock(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        return String(format: "%d:%04.1f", minutes, seconds - Double(minutes) * 60)
    }
}
