import Foundation

/// Names what a file that is not MIDI looks like, so "not a MIDI file" can say what it is
/// instead (a renamed PNG, a WAV, a text file) and the user knows what went wrong.
enum FileSignature {
    private static let known: [(magic: [UInt8], name: String)] = [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "it is a PNG image"),
        (Array("GIF8".utf8), "it is a GIF image"),
        ([0xFF, 0xD8, 0xFF], "it is a JPEG image"),
        (Array("%PDF".utf8), "it is a PDF document"),
        ([0x50, 0x4B, 0x03, 0x04], "it is a ZIP archive (MusicXML .mxl, Office document or similar)"),
        ([0x1F, 0x8B], "it is gzip-compressed"),
        (Array("ID3".utf8), "it is MP3 audio"),
        (Array("OggS".utf8), "it is Ogg audio"),
        (Array("fLaC".utf8), "it is FLAC audio"),
        (Array("MTrk".utf8), "it starts with a track chunk; the MThd header is missing"),
        (Array("<?xml".utf8), "it is an XML document (MusicXML?)"),
        (Array("X:".utf8), "it looks like ABC notation text"),
    ]

    static func describe(_ bytes: [UInt8]) -> String {
        if let match = known.first(where: { bytes.starts(with: $0.magic) }) { return match.name }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)) {
            let kind = String(decoding: bytes[8..<12], as: UTF8.self)
            return kind == "WAVE" ? "it is WAV audio" : "it is a RIFF file of type \(kind)"
        }
        let head = bytes.prefix(8)
        if head.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            let text = String(decoding: bytes.prefix(16), as: UTF8.self).replacingOccurrences(of: "\n", with: "\\n")
            return "it looks like text starting \"\(text)\""
        }
        return "it starts with bytes " + head.map(hex).joined(separator: " ")
    }
}
