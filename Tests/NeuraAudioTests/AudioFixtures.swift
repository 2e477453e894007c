import Foundation
import NeuraAudio
import NeuraMusic

/// The installed SoundFont, or nil: the tests that make sound skip without one (CI installs
/// timgm6mb-soundfont, so they run there).
let installedSoundFont: SoundFont? = try? SoundFont.locate(explicit: nil)

enum AudioFixtures {
    static let ticksPerQuarter = 480

    /// A4 for a quarter at 120 BPM (0.0–0.5 s), three and a half beats of rest, then the tempo
    /// drops to 60 BPM and C5 sounds for a quarter (2.0–3.0 s). The flute (GM 73) is used
    /// because its fundamental is its strongest partial.
    static func twoNotes(program: UInt8 = 73) -> MIDIFile {
        let q = ticksPerQuarter
        let conductor = [
            MIDIEvent(tick: 0, .meta(type: MIDIMetaType.tempo, data: [0x07, 0xA1, 0x20])),  // 500,000 µs
            MIDIEvent(tick: 4 * q, .meta(type: MIDIMetaType.tempo, data: [0x0F, 0x42, 0x40])),  // 1,000,000 µs
            MIDIEvent(tick: 5 * q, .meta(type: MIDIMetaType.endOfTrack, data: [])),
        ]
        let melody = [
            MIDIEvent(tick: 0, .programChange(channel: 0, program: program)),
            MIDIEvent(tick: 0, .noteOn(channel: 0, key: 69, velocity: 100)),
            MIDIEvent(tick: q, .noteOff(channel: 0, key: 69, velocity: 0)),
            MIDIEvent(tick: 4 * q, .noteOn(channel: 0, key: 72, velocity: 100)),
            MIDIEvent(tick: 5 * q, .noteOn(channel: 0, key: 72, velocity: 0)),
            MIDIEvent(tick: 5 * q, .meta(type: MIDIMetaType.endOfTrack, data: [])),
        ]
        return MIDIFile(format: 1, division: .ticksPerQuarter(q),
                        tracks: [MIDITrack(events: conductor), MIDITrack(events: melody)])
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Measurements on rendered audio, written here so that the tests check FluidSynth's output
/// with arithmetic of their own.
enum Signal {
    /// The left and right channels averaged, as Double, for frames in `seconds`.
    static func mono(_ audio: RenderedAudio, seconds: ClosedRange<Double>) -> [Double] {
        let first = max(0, Int(seconds.lowerBound * Double(audio.sampleRate)))
        let last = min(audio.frameCount, Int(seconds.upperBound * Double(audio.sampleRate)))
        guard first < last else { return [] }
        return (first..<last).map { frame in
            (Double(audio.samples[2 * frame]) + Double(audio.samples[2 * frame + 1])) / 2 / 32768
        }
    }

    static func rms(_ samples: [Double]) -> Double {
        samples.isEmpty ? 0 : (samples.reduce(0) { $0 + $1 * $1 } / Double(samples.count)).squareRoot()
    }

    /// The frequency with the most energy, from a Hann-windowed radix-2 FFT of the first
    /// power-of-two samples, refined between bins by a parabola through the log magnitudes.
    static func strongestFrequency(_ samples: [Double], sampleRate: Int) -> Double {
        var size = 1
        while size * 2 <= samples.count { size *= 2 }
        var real = (0..<size).map { index in
            samples[index] * (0.5 - 0.5 * cos(2 * Double.pi * Double(index) / Double(size - 1)))
        }
        var imaginary = [Double](repeating: 0, count: size)
        fft(&real, &imaginary)
        let magnitudes = (0..<size / 2).map { (real[$0] * real[$0] + imaginary[$0] * imaginary[$0]).squareRoot() }
        var peak = 1
        for bin in 2..<(size / 2 - 1) where magnitudes[bin] > magnitudes[peak] { peak = bin }
        let (a, b, c) = (log(magnitudes[peak - 1]), log(magnitudes[peak]), log(magnitudes[peak + 1]))
        let offset = (a - c) / (2 * (a - 2 * b + c))
        return (Double(peak) + offset) * Double(sampleRate) / Double(size)
    }

    /// In-place iterative Cooley–Tukey; `real.count` must be a power of two.
    static func fft(_ real: inout [Double], _ imaginary: inout [Double]) {
        let count = real.count
        var j = 0
        for i in 1..<count {
            var bit = count >> 1
            while j & bit != 0 {
                j ^= bit
                bit >>= 1
            }
            j |= bit
            if i < j {
                real.swapAt(i, j)
                imaginary.swapAt(i, j)
            }
        }
        var length = 2
        while length <= count {
            let angle = -2 * Double.pi / Double(length)
            for start in stride(from: 0, to: count, by: length) {
                for k in 0..<length / 2 {
                    let (wr, wi) = (cos(angle * Double(k)), sin(angle * Double(k)))
                    let (even, odd) = (start + k, start + k + length / 2)
                    let tr = real[odd] * wr - imaginary[odd] * wi
                    let ti = real[odd] * wi + imaginary[odd] * wr
                    real[odd] = real[even] - tr
                    imaginary[odd] = imaginary[even] - ti
                    real[even] += tr
                    imaginary[even] += ti
                }
            }
            length *= 2
        }
    }
}
