import Dispatch
import Foundation
import NeuraMusic
import Testing
@testable import NeuraComposer

/// The shell's pure or thread-safe parts; the curses calls themselves are exercised in tmux.
@Suite struct ShellPartsTests {
    @Test func colourDepthHonoursNoColorAndTheTerminalsCount() {
        #expect(ColorDepth.detect(environment: ["NO_COLOR": "1"], hasColors: true, colorCount: 256) == .none)
        #expect(ColorDepth.detect(environment: ["NO_COLOR": ""], hasColors: true, colorCount: 256) == .palette256)
        #expect(ColorDepth.detect(environment: [:], hasColors: false, colorCount: 256) == .none)
        #expect(ColorDepth.detect(environment: [:], hasColors: true, colorCount: 8) == .eight)
        #expect(ColorDepth.detect(environment: [:], hasColors: true, colorCount: 1 << 24) == .trueColor)
        let color = ThemeColor(trueColor: 0x61AFEF, palette256: 75, palette8: 4)
        #expect(ColorDepth.trueColor.number(for: color) == 0x61AFEF)
        #expect(ColorDepth.palette256.number(for: color) == 75)
        #expect(ColorDepth.eight.number(for: color) == 4)
        #expect(ColorDepth.eight.number(for: .terminalDefault) == -1)
    }

    @Test func playbackRunFollowsTheTempoAndWakesOnTheNextStep() {
        // 120 BPM at 4 steps per quarter: 8 steps a second.
        let run = PlaybackRun(startStep: 4, endStep: 20, stepsPerSecond: 8)
        #expect(run.step(atSeconds: 0) == 4)
        #expect(run.step(atSeconds: -0.02) == 4)
        #expect(run.step(atSeconds: 1) == 12)
        #expect(run.step(atSeconds: 1.99) == 19)
        #expect(run.step(atSeconds: 2) == nil)
        #expect(abs(run.secondsToNextStep(after: 0.1) - 0.025) < 1e-9)
    }

    @Test func inboxDeliversActionsFromManyThreadsAndWakesThePoller() {
        let inbox = ActionInbox()
        DispatchQueue.concurrentPerform(iterations: 100) { index in inbox.post(.playbackClock(seconds: Double(index))) }
        var descriptor = pollfd(fd: inbox.wakeDescriptor, events: Int16(POLLIN), revents: 0)
        #expect(poll(&descriptor, 1, 1000) == 1)
        let drained = inbox.drain()
        #expect(Set(drained) == Set((0..<100).map { Action.playbackClock(seconds: Double($0)) }))
        descriptor.revents = 0
        #expect(poll(&descriptor, 1, 0) == 0)
        #expect(inbox.drain().isEmpty)
    }

    @Test func frameBenchmarkRendersTheWholeScreen() {
        let result = FrameBenchmark.run(columns: 60, rows: 20, noteCount: 100, frames: 3)
        #expect(result.frames == 3)
        #expect(result.medianMilliseconds > 0)
        #expect(result.worstMilliseconds >= result.p95Milliseconds)
    }
}

@Suite struct KeyDecoderTests {
    func decode(_ value: UInt32, then following: UInt32? = nil) -> Key? {
        KeyDecoder.decode(character: value) { following }
    }

    @Test func rawModeCharacters() {
        #expect(decode(13) == .enter)
        #expect(decode(10) == .enter)
        #expect(decode(9) == .tab)
        #expect(decode(127) == .backspace)
        #expect(decode(18) == .control("r"))
        #expect(decode(3) == .control("c"))
        #expect(decode(UInt32(("z" as Unicode.Scalar).value)) == .character("z"))
        #expect(decode(UInt32(("é" as Unicode.Scalar).value)) == .character("é"))
        #expect(decode(0) == nil)
    }

    @Test func escapeAloneAndAltDiffer() {
        #expect(decode(27) == .escape)
        #expect(decode(27, then: UInt32(("g" as Unicode.Scalar).value)) == .alt("g"))
        #expect(decode(27, then: 27) == .escape)
    }
}
