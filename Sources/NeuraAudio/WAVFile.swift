import Foundation
import NeuraMusic

/// 16-bit PCM WAV: the RIFF header and the samples, little-endian.
public enum WAVFile {
    public static let headerSize = 44

    public static func bytes(interleaved samples: [Int16], channels: Int, sampleRate: Int) -> [UInt8] {
        let dataSize = samples.count * 2
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize + dataSize)
        func append(_ text: String) { bytes += Array(text.utf8) }
        func append32(_ value: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { bytes += $0 } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { bytes += $0 } }
        append("RIFF")
        append32(36 + dataSize)
        append("WAVE")
        append("fmt ")
        append32(16)
        append16(1)  // PCM
        append16(channels)
        append32(sampleRate)
        append32(sampleRate * channels * 2)
        append16(channels * 2)
        append16(16)
        append("data")
        append32(dataSize)
        samples.withUnsafeBytes { raw in
            if Int16(1).littleEndian == 1 {
                bytes += raw
            } else {
                for sample in samples { withUnsafeBytes(of: sample.littleEndian) { bytes += $0 } }
            }
        }
        return bytes
    }

    /// Writes the whole file or nothing (a temporary file renamed into place).
    public static func write(_ audio: RenderedAudio, to url: URL) throws(AudioError) {
        do {
            try AtomicFile.write(bytes(interleaved: audio.samples, channels: 2, sampleRate: audio.sampleRate), to: url)
        } catch {
            switch error {
            case .cannotWrite(let path, let reason): throw .cannotWrite(path: path, reason: reason)
            }
        }
    }
}
