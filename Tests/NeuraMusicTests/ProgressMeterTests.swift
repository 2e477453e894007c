import Testing
@testable import NeuraMusic

@Suite struct ProgressMeterTests {
    @Test func terminalLinesShowABarRateAndETA() {
        let meter = ProgressMeter(label: "encode", unit: "files", total: 100, isTerminal: true)
        #expect(meter.line(done: 25, elapsed: 5) == "encode ██████░░░░░░░░░░░░░░░░░░ 25/100 files 25% 5.0 files/s ETA 0:15")
        #expect(meter.line(done: 0, elapsed: 0).hasSuffix("0/100 files 0% 0.0 files/s ETA --:--"))
    }

    @Test func plainLinesComeAtIntervalsAndTheLastAlways() {
        var meter = ProgressMeter(label: "encode", unit: "files", total: 3, isTerminal: false, interval: 5)
        #expect(meter.update(done: 1, elapsed: 0.5) == "encode: 1/3 files 33% 2.0 files/s ETA 0:01")
        #expect(meter.update(done: 2, elapsed: 1) == nil)
        #expect(meter.update(done: 3, elapsed: 1.5) != nil)
    }

    @Test func theEndIsReportedOnceHoweverOftenItArrives() {
        for isTerminal in [false, true] {
            var meter = ProgressMeter(label: "render", unit: "s", total: 2, isTerminal: isTerminal, interval: 0)
            #expect(meter.update(done: 1, elapsed: 0.1) != nil)
            #expect(meter.update(done: 2, elapsed: 0.2)?.contains("100%") == true)
            #expect(meter.update(done: 3, elapsed: 0.3) == nil)
            #expect(meter.update(done: 2, elapsed: 9) == nil)
        }
    }

    @Test func durationsReadAsClockTime() {
        #expect(ProgressMeter.format(duration: 59.6) == "1:00")
        #expect(ProgressMeter.format(duration: 3725) == "1:02:05")
        #expect(ProgressMeter.format(duration: .infinity) == "--:--")
        #expect(ProgressMeter.format(rate: 1234.4) == "1234")
    }
}
