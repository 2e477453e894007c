import Testing
@testable import NeuraMusic

private typealias B = MIDIBuilding

@Suite struct QuantizerTests {
    @Test func onsetsAndEndsGoToTheNearestStepRoundingHalfUp() throws {
        // 120 ticks per sixteenth: 59 rounds down, 60 up; an end at 299 is step 2.
        let midi = B.file([B.on(59, 60), B.off(299, 60), B.on(60, 64), B.off(480, 64), B.end(480)])
        let (score, report) = try Quantizer.score(from: midi, source: "a.mid")
        #expect(score.notes == [Note(pitch: 60, start: 0, length: 2, velocity: 100), Note(pitch: 64, start: 1, length: 3, velocity: 100)])
        #expect(score.length == 4)
        // The notes are where they were; only the missing program change is news.
        #expect(report.entries.map(\.kind) == [.programUnknown])
    }

    @Test func notesShorterThanAStepBecomeOneStepAndAreReported() throws {
        let midi = B.file([B.on(0, 60), B.off(10, 60), B.end(480)])
        let (score, report) = try Quantizer.score(from: midi, source: "short.mid")
        #expect(score.notes.map(\.length) == [1])
        #expect(report.total(.notesLengthened) == 1)
    }

    @Test func duplicatesMergeKeepingTheLongestAndOverlapsAreTrimmed() throws {
        // Two C4s start on step 0 (ends 2 and 4 steps), then an E4 that re-strikes while still sounding.
        let midi = B.file([
            B.on(0, 60), B.on(10, 60), B.off(240, 60), B.off(480, 60),
            B.on(0, 64), B.on(240, 64), B.off(480, 64), B.off(720, 64), B.end(960),
        ])
        let (score, report) = try Quantizer.score(from: midi, source: "dup.mid")
        #expect(score.notes.filter { $0.pitch == 60 }.map(\.length) == [4])
        // FIFO pairing: the first E4 ends at 480 (step 4) but the second starts at step 2.
        #expect(score.notes.filter { $0.pitch == 64 }.map { [$0.start, $0.length] } == [[0, 2], [2, 4]])
        #expect(report.total(.duplicatesMerged) == 1)
        #expect(report.total(.overlapsTrimmed) == 1)
    }

    @Test func noteOnWithVelocityZeroEndsTheNote() throws {
        let midi = B.file([B.on(0, 67), B.on(480, 67, velocity: 0), B.end(480)])
        let (score, _) = try Quantizer.score(from: midi, source: "running.mid")
        #expect(score.notes == [Note(pitch: 67, start: 0, length: 4, velocity: 100)])
    }

    @Test func drumsAreSetAsideAndReported() throws {
        let midi = B.file([B.on(0, 36, channel: 9), B.off(120, 36, channel: 9), B.on(0, 60), B.off(120, 60), B.end(120)])
        let (score, report) = try Quantizer.score(from: midi, source: "drums.mid")
        #expect(score.notes.map(\.pitch) == [60])
        #expect(score.drums.map(\.pitch) == [36])
        #expect(report.total(.drumsSetAside) == 1)
    }

    @Test func partsAreNumberedInTrackThenChannelOrder() throws {
        let midi = B.file(
            [B.on(0, 72, channel: 3), B.off(120, 72, channel: 3), B.on(0, 48), B.off(120, 48), B.end(120)],
            [B.on(0, 60), B.off(120, 60), B.end(120)])
        let (score, _) = try Quantizer.score(from: midi, source: "parts.mid")
        let partOf = Dictionary(uniqueKeysWithValues: score.notes.map { ($0.pitch, $0.part) })
        #expect(partOf == [48: 0, 72: 1, 60: 2])
    }

    @Test func firstTempoMeterAndKeyAreKeptAndLaterChangesReported() throws {
        let conductor = [
            B.meta(0, .tempo(bpm: 90)), B.meta(0, .timeSignature(TimeSignature(3, 4))),
            B.meta(0, .keySignature(KeySignature(sharps: -2, isMinor: true))),
            B.meta(960, .tempo(bpm: 60)), B.meta(960, .timeSignature(TimeSignature(6, 8))), B.end(960),
        ]
        let midi = B.file(conductor: conductor, [B.on(0, 60), B.off(120, 60), B.end(120)])
        let (score, report) = try Quantizer.score(from: midi, source: "maps.mid")
        #expect(abs(score.tempo - 90) < 1e-3)
        #expect(score.timeSignature == TimeSignature(3, 4))
        #expect(score.keySignature == KeySignature(sharps: -2, isMinor: true))
        #expect(report.total(.tempoFlattened) == 1)
        #expect(report.total(.timeSignatureFlattened) == 1)
        #expect(report.total(.keySignatureFlattened) == 0)
        #expect(score.length == 8)
    }

    @Test func smpteDivisionIsConvertedThroughSeconds() throws {
        // 25 fps × 40 ticks = 1000 ticks/s; at 120 BPM a sixteenth is 0.125 s = 125 ticks.
        let track = MIDITrack(events: [B.on(125, 60), B.off(625, 60), B.end(1000)])
        let midi = MIDIFile(format: 0, division: .smpte(framesPerSecond: 25, ticksPerFrame: 40), tracks: [track])
        let (score, report) = try Quantizer.score(from: midi, source: "smpte.mid")
        #expect(score.notes == [Note(pitch: 60, start: 1, length: 4, velocity: 100)])
        #expect(report.total(.smpteConverted) == 1)
    }

    @Test func unusableDivisionsAreRefusedWithTheFileName() {
        let midi = MIDIFile(format: 0, division: .smpte(framesPerSecond: 17, ticksPerFrame: 40), tracks: [])
        #expect(throws: ScoreError.self) { try Quantizer.score(from: midi, source: "odd.mid") }
        do {
            _ = try Quantizer.score(from: midi, source: "odd.mid")
        } catch {
            #expect("\(error)".contains("odd.mid"))
        }
        let zero = MIDIFile(format: 0, division: .ticksPerQuarter(0), tracks: [])
        #expect(throws: ScoreError.self) { try Quantizer.score(from: zero, source: "zero.mid") }
        #expect(throws: ScoreError.invalidStepsPerQuarter(0)) {
            try Quantizer.score(from: B.file(), stepsPerQuarter: 0, source: "x.mid")
        }
    }

    @Test func emptyTracksUnterminatedNotesAndIgnoredEventsAreReported() throws {
        let named = B.meta(0, .text(0x03, "Strings"))
        let midi = B.file(
            [named, MIDIEvent(tick: 0, .controlChange(channel: 0, controller: 7, value: 100)), B.end(0)],
            [B.on(0, 60), B.off(0, 61), B.end(480)])
        let (score, report) = try Quantizer.score(from: midi, source: "mixed.mid")
        #expect(score.notes == [Note(pitch: 60, start: 0, length: 4, velocity: 100)])
        #expect(report.entries.contains { $0.kind == .emptyTrack && $0.track == 1 && $0.detail.contains("Strings") })
        #expect(report.total(.channelEventsIgnored) == 1)
        #expect(report.total(.unterminatedNotes) == 1)
        #expect(report.total(.strayNoteOffs) == 1)
        // The conductor track of a format 1 file holds no notes by design: not news.
        #expect(!report.entries.contains { $0.kind == .emptyTrack && $0.track == 0 })
    }

    @Test func aFileWithoutPitchedNotesSaysSo() throws {
        let (score, report) = try Quantizer.score(from: B.file([B.end(0)]), source: "silent.mid")
        #expect(score.notes.isEmpty)
        #expect(report.total(.emptyPiece) == 1)
    }

    @Test func formatTwoSequencesPlayOneAfterAnother() throws {
        let midi = MIDIFile(format: 2, division: .ticksPerQuarter(480), tracks: [
            MIDITrack(events: [B.on(0, 60), B.off(480, 60), B.end(480)]),
            MIDITrack(events: [B.on(0, 62), B.off(480, 62), B.end(480)]),
        ])
        let (score, report) = try Quantizer.score(from: midi, source: "f2.mid")
        #expect(score.notes.map(\.start) == [0, 4])
        #expect(report.total(.readerWarning) == 1)
    }

    @Test func aCoarserGridMergesNotesAndSaysHowMany() throws {
        // Eighth notes on a quarter grid: the second of each pair lands on the next quarter.
        let midi = B.file([B.on(0, 60), B.off(240, 60), B.on(240, 60), B.off(480, 60), B.on(480, 60), B.off(720, 60), B.end(960)])
        let (score, report) = try Quantizer.score(from: midi, stepsPerQuarter: 1, source: "eighths.mid")
        #expect(score.notes.map(\.start) == [0, 1])
        #expect(report.total(.duplicatesMerged) == 1)
    }
}

@Suite struct OffFirstZeroLengthNoteTests {
    private typealias B = MIDIBuilding

    @Test func anOffBeforeItsOnAtTheSameTickIsAZeroLengthNoteNotAShiftedPairing() throws {
        // music21's grace notes: off then on at tick 0, then an ordinary A4 from beat 1 to 2.
        let midi = B.file([B.off(0, 69), B.on(0, 69), B.on(480, 69), B.off(960, 69), B.end(960)])
        let (score, report) = try Quantizer.score(from: midi, source: "grace.mid")
        #expect(score.notes.map { [$0.start, $0.length] } == [[0, 1], [4, 4]])
        #expect(report.total(.offFirstNotesPaired) == 1)
        #expect(report.total(.notesLengthened) == 1)
        #expect(report.total(.strayNoteOffs) == 0 && report.total(.unterminatedNotes) == 0)
    }

    @Test func aStrayOffAtAnotherTickStaysStray() throws {
        let midi = B.file([B.off(0, 69), B.on(120, 69), B.off(480, 69), B.end(480)])
        let (score, report) = try Quantizer.score(from: midi, source: "stray.mid")
        #expect(score.notes.map { [$0.start, $0.length] } == [[1, 3]])
        #expect(report.total(.strayNoteOffs) == 1 && report.total(.offFirstNotesPaired) == 0)
    }
}
