import Testing
@testable import NeuraMusic

@Suite struct ScoreExportTests {
    let satb = Score(
        stepsPerQuarter: 4, tempo: 100, timeSignature: TimeSignature(3, 4), keySignature: KeySignature(sharps: 2),
        notes: [
            Note(pitch: 72, start: 0, length: 4, velocity: 80, part: 0), Note(pitch: 67, start: 0, length: 4, velocity: 70, part: 1),
            Note(pitch: 60, start: 0, length: 4, part: 2), Note(pitch: 48, start: 0, length: 4, part: 3),
        ],
        drums: [Note(pitch: 36, start: 0, length: 1, velocity: 110, part: 4)], length: 12,
        parts: [
            Part(name: "Soprano", program: 52, channel: 0), Part(name: "Alto", program: 52, channel: 1),
            Part(name: "Tenor", program: 52, channel: 2), Part(name: "Bass", program: 52, channel: 3),
            Part(name: "Kit", channel: 9, isDrum: true),
        ])

    private func names(_ midi: MIDIFile) -> [String?] { midi.tracks.map { $0.events.first?.message.trackName } }

    private func programChanges(_ track: MIDITrack) -> [MIDIMessage] {
        track.events.map(\.message).filter { if case .programChange = $0 { true } else { false } }
    }

    private func noteChannels(_ track: MIDITrack) -> Set<UInt8> {
        Set(track.events.compactMap { if case .noteOn(let channel, _, _) = $0.message { channel } else { nil } })
    }

    @Test func aTrackPerPartWithItsNameProgramAndChannelAfterTheConductor() throws {
        let options = ExportOptions(takeInfo: ["temperature": "0.9", "model": "chorales"])
        let midi = MIDIFile(score: satb, options: options)
        #expect(midi.format == 1)
        #expect(midi.division == .ticksPerQuarter(480))
        #expect(names(midi) == ["NeuraScore", "Soprano", "Alto", "Tenor", "Bass", "Kit"])
        let conductor = midi.tracks[0].events.map(\.message)
        #expect(conductor.contains(.tempo(bpm: 100)))
        #expect(conductor.contains(.meta(type: 0x58, data: [3, 2, 24, 8])))
        #expect(conductor.contains(.meta(type: 0x59, data: [2, 0])))
        #expect(conductor.contains(.text(0x01, "model=chorales; temperature=0.9")))
        for voice in 0..<4 {
            #expect(programChanges(midi.tracks[voice + 1]) == [.programChange(channel: UInt8(voice), program: 52)])
            #expect(noteChannels(midi.tracks[voice + 1]) == [UInt8(voice)])
        }
        #expect(programChanges(midi.tracks[5]).isEmpty)
        #expect(midi.tracks[5].events.contains { $0.message == .noteOn(channel: 9, key: 36, velocity: 110) })
        // Every track ends together, at the end of the score (12 sixteenths = 1440 ticks).
        #expect(midi.tracks.allSatisfy { $0.events.last == MIDIEvent(tick: 1440, .meta(type: 0x2F, data: [])) })
    }

    @Test func generatedNotesGetATrackPerPartAfterThePartsOrJoinTheirParts() throws {
        let generated = [Note(pitch: 74, start: 4, length: 4, part: 0), Note(pitch: 65, start: 4, length: 4, part: 1)]
        let own = MIDIFile(score: satb, generated: generated)
        #expect(names(own) == ["NeuraScore", "Soprano", "Alto", "Tenor", "Bass", "Kit", "Soprano (NeuraScore)", "Alto (NeuraScore)"])
        // Each generated track has its part's program on a channel of its own.
        #expect(programChanges(own.tracks[6]) == [.programChange(channel: 4, program: 52)])
        #expect(programChanges(own.tracks[7]) == [.programChange(channel: 5, program: 52)])
        #expect(own.tracks[6].events.contains { $0.message == .noteOn(channel: 4, key: 74, velocity: 90) })

        // A generated part the score does not list gets its generated track and no empty one.
        let elsewhere = MIDIFile(score: satb, generated: [Note(pitch: 50, start: 4, length: 4, part: 5)])
        #expect(names(elsewhere) == ["NeuraScore", "Soprano", "Alto", "Tenor", "Bass", "Kit", "Part 6 (NeuraScore)"])

        let accepted = MIDIFile(score: satb, generated: generated, options: ExportOptions(generatedPlacement: .inParts))
        #expect(names(accepted) == ["NeuraScore", "Soprano", "Alto", "Tenor", "Bass", "Kit"])
        #expect(accepted.tracks[1].events.contains { $0.message == .noteOn(channel: 0, key: 74, velocity: 90) })
        let (back, _) = try Quantizer.score(from: accepted, source: "accepted.mid")
        #expect(back.notes(inPart: 0).map(\.pitch) == [72, 74])
        #expect(back.notes(inPart: 1).map(\.pitch) == [67, 65])
    }

    @Test func aPartKeepsItsChannelWhereItIsFreeAndTheOthersTakeTheLowestFree() {
        let score = Score(
            notes: [Note(pitch: 60, start: 0, length: 1, part: 0), Note(pitch: 62, start: 0, length: 1, part: 1),
                    Note(pitch: 64, start: 0, length: 1, part: 2), Note(pitch: 65, start: 0, length: 1, part: 3)],
            parts: [Part(name: "A", channel: 5), Part(name: "B", channel: 5), Part(name: "C", channel: 9), Part(name: "D")])
        let midi = MIDIFile(score: score)
        // A keeps 5; B asks for the taken 5, C for the drum channel and D for nothing: 0, 1, 2.
        #expect((1...4).map { noteChannels(midi.tracks[$0]) } == [[5], [0], [1], [2]])
    }

    @Test func pastFifteenPitchedPartsThoseOfOneProgramShareAChannelAndReadBackByTrack() throws {
        // 20 parts in 5 programs (a violin section of 8, violas, cellos, …).
        let programs = [40, 40, 40, 40, 40, 40, 40, 40, 41, 41, 41, 41, 42, 42, 42, 43, 43, 0, 0, 73]
        let parts = programs.enumerated().map { Part(name: "Desk \($0.offset + 1)", program: $0.element) }
        let notes = programs.indices.map { Note(pitch: 40 + $0, start: $0, length: 2, part: $0) }
        let score = Score(notes: notes, length: 24, parts: parts)
        let midi = MIDIFile(score: score)
        #expect(midi.tracks.count == 21)
        let channels = (1...20).map { noteChannels(midi.tracks[$0]) }
        #expect(channels.allSatisfy { $0.count == 1 && !$0.contains(9) })
        for (index, program) in programs.enumerated() {
            for (other, otherProgram) in programs.enumerated() {
                #expect((channels[index] == channels[other]) == (program == otherProgram), "\(index) \(other)")
            }
        }
        // Every track/channel pair is a part, so each desk comes back as its own part.
        let (back, report) = try Quantizer.score(from: MIDIFile(score: score), source: "section.mid")
        #expect(back.parts.count == 16)
        #expect(report.total(.partsPastLimit) == 4)
        let bytes = MIDIWriter.bytes(for: midi)
        let reread = try MIDIReader.read(bytes: bytes, source: "section.mid")
        #expect(reread.warnings.isEmpty)
        #expect(MIDIInfo(reading: reread, source: "section.mid").tracks.dropFirst().map(\.noteCount) == Array(repeating: 1, count: 20))
    }

    @Test func programOverridesReplaceThePartsOwn() {
        let generated = [Note(pitch: 74, start: 4, length: 4, part: 0)]
        let midi = MIDIFile(score: satb, generated: generated, options: ExportOptions(seedProgram: 19, generatedProgram: 40))
        #expect(programChanges(midi.tracks[1]) == [.programChange(channel: 0, program: 19)])
        #expect(programChanges(midi.tracks[6]) == [.programChange(channel: 4, program: 40)])
    }

    @Test func drumNotesOfAPitchedPartGoOnADrumsTrack() {
        let score = Score(notes: [Note(pitch: 60, start: 0, length: 4)], drums: [Note(pitch: 36, start: 0, length: 1)])
        let midi = MIDIFile(score: score)
        #expect(names(midi) == ["NeuraScore", "Part 1", "Drums"])
        #expect(noteChannels(midi.tracks[2]) == [9])
    }

    @Test func namesAreWrittenInLatin1WhereItHoldsThemAndReadBackTheSame() throws {
        let names = ["Flûte à bec", "Òô¹ì1", "音轨 1", "Ã©"]
        let score = Score(
            notes: names.indices.map { Note(pitch: 60 + $0, start: 0, length: 1, part: $0) },
            parts: names.map { Part(name: $0) })
        let midi = MIDIFile(score: score)
        // Latin-1 where the bytes cannot pass for UTF-8 (mido reads meta text as Latin-1), UTF-8 otherwise.
        #expect(midi.tracks[1].events[0].message == .meta(type: 0x03, data: [0x46, 0x6C, 0xFB, 0x74, 0x65, 0x20, 0xE0, 0x20, 0x62, 0x65, 0x63]))
        #expect(midi.tracks[3].events[0].message == .meta(type: 0x03, data: Array("音轨 1".utf8)))
        #expect(midi.tracks[4].events[0].message == .meta(type: 0x03, data: Array("Ã©".utf8)))
        let read = try MIDIReader.read(bytes: MIDIWriter.bytes(for: midi), source: "names.mid")
        let (back, _) = try Quantizer.score(from: read.file, source: "names.mid")
        #expect(back.parts.map(\.name) == names)
    }

    @Test func sameKeyOverlapsEndBeforeTheNextStartsAtThatTick() {
        let score = Score(notes: [Note(pitch: 60, start: 0, length: 8), Note(pitch: 60, start: 4, length: 4), Note(pitch: 62, start: 4, length: 1)])
        let events = MIDIFile(score: score).tracks[1].events.filter { $0.tick == 480 }.map(\.message)
        #expect(events == [
            .noteOff(channel: 0, key: 60, velocity: 0), .noteOn(channel: 0, key: 60, velocity: 90),
            .noteOn(channel: 0, key: 62, velocity: 90),
        ])
    }

    @Test func exportThenQuantizeGivesTheScoreBackPartsIncluded() throws {
        let (back, report) = try Quantizer.score(from: MIDIFile(score: satb), source: "round.mid")
        #expect(back == satb)
        #expect(report.entries.map(\.kind) == [.drumsSetAside])
    }

    @Test func gridsThatDoNotDivide480StillRoundTrip() throws {
        let score = Score(stepsPerQuarter: 7, notes: [Note(pitch: 50, start: 3, length: 5), Note(pitch: 55, start: 11, length: 1)], length: 20)
        let (back, _) = try Quantizer.score(from: MIDIFile(score: score), stepsPerQuarter: 7, source: "seven.mid")
        #expect(back.notes == score.notes && back.length == score.length)
    }
}
