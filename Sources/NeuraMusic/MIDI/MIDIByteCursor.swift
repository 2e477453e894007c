/// A read position in a file's bytes that can never pass `limit`, the end of the chunk
/// being parsed. Every length read from the file is checked against what is left before
/// any bytes are copied, so a lying length can neither crash nor allocate.
struct MIDIByteCursor {
    let bytes: [UInt8]
    let source: String
    private(set) var offset: Int
    let limit: Int
    /// The chunk `limit` closes (e.g. "MTrk (track 2)"), or nil when the limit is the file's end;
    /// it decides whether running out is a truncated file or a chunk that ends early.
    let chunk: String?

    init(bytes: [UInt8], source: String, offset: Int = 0, limit: Int? = nil, chunk: String? = nil) {
        self.bytes = bytes
        self.source = source
        self.offset = offset
        self.limit = min(limit ?? bytes.count, bytes.count)
        self.chunk = chunk
    }

    func runOut(_ expected: String) -> MIDIError {
        if let chunk { return .chunkEndsEarly(source: source, offset: offset, chunk: chunk, expected: expected) }
        return .truncated(source: source, offset: offset, expected: expected)
    }

    var remaining: Int { limit - offset }
    var isAtEnd: Bool { offset >= limit }

    func peek() -> UInt8? { isAtEnd ? nil : bytes[offset] }

    /// `what` names the structure being read, for the error when the bytes run out.
    mutating func readByte(_ what: @autoclosure () -> String) throws(MIDIError) -> UInt8 {
        guard offset < limit else { throw runOut(what()) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readBytes(_ count: Int, _ what: @autoclosure () -> String) throws(MIDIError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw runOut(what()) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func readUInt16(_ what: @autoclosure () -> String) throws(MIDIError) -> Int {
        let pair = try readBytes(2, what())
        return Int(pair[0]) << 8 | Int(pair[1])
    }

    mutating func readUInt32(_ what: @autoclosure () -> String) throws(MIDIError) -> Int {
        let quad = try readBytes(4, what())
        return quad.reduce(0) { $0 << 8 | Int($1) }
    }

    /// Big-endian base-128 with a continuation bit, at most 4 bytes (values up to 0x0FFFFFFF).
    mutating func readVariableLengthQuantity(_ what: @autoclosure () -> String) throws(MIDIError) -> Int {
        let start = offset
        var value = 0
        for _ in 0..<4 {
            let byte = try readByte(what())
            value = value << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 { return value }
        }
        throw .variableLengthQuantityTooLong(source: source, offset: start)
    }

    mutating func skip(_ count: Int) {
        offset = min(limit, offset + max(0, count))
    }
}
