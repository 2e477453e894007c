import Foundation

extension SafeTensors {
    /// The element types NeuraScore writes.
    public enum StorageType: Sendable {
        case f32, f16, bf16

        var dtype: SafeTensorsDType {
            switch self {
            case .f32: return .f32
            case .f16: return .f16
            case .bf16: return .bf16
            }
        }
    }

    /// Writes `file` through `AtomicFile`: readers see the old file or the new one, never a
    /// partial one, and a crash or a full disk leaves no temporary file behind.
    public static func write(_ file: SafeTensorsFile, dtype: StorageType, to url: URL) throws(SafeTensorsError) {
        let bytes = try encode(file, dtype: dtype, source: url.path)
        do {
            try AtomicFile.write(bytes, to: url)
        } catch {
            switch error {
            case .cannotWrite(let path, let reason): throw .unwritable(file: path, reason: reason)
            }
        }
    }

    /// The bytes of a safetensors file: tensors sorted by name and packed contiguously, the header
    /// padded with spaces so that the data buffer starts 8-byte aligned (as the Python library does).
    public static func encode(
        _ file: SafeTensorsFile, dtype: StorageType, source: String = "<memory>"
    ) throws(SafeTensorsError) -> [UInt8] {
        let names = file.tensors.keys.sorted()
        let elementSize = dtype.dtype.size
        var entries: [SafeTensorsEntry] = []
        var offset = 0
        for name in names {
            let tensor = file.tensors[name]!
            guard name != "__metadata__", !name.isEmpty else {
                throw .invalidTensorToWrite(file: source, tensor: name, reason: "the name is reserved or empty")
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 }) else {
                throw .invalidTensorToWrite(file: source, tensor: name, reason: "shape \(tensor.shape) has a negative dimension")
            }
            var count = 1
            for dimension in tensor.shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                guard !overflow else {
                    throw .invalidTensorToWrite(file: source, tensor: name, reason: "shape \(tensor.shape) overflows")
                }
                count = product
            }
            guard count == tensor.values.count else {
                throw .invalidTensorToWrite(
                    file: source, tensor: name,
                    reason: "shape \(tensor.shape) needs \(count) values but it has \(tensor.values.count)")
            }
            let end = offset + count * elementSize
            entries.append(SafeTensorsEntry(name: name, dtype: dtype.dtype, shape: tensor.shape, begin: offset, end: end))
            offset = end
        }
        var bytes = headerBytes(metadata: file.metadata, entries: entries)
        bytes.reserveCapacity(bytes.count + offset)
        for name in names {
            appendValues(file.tensors[name]!.values, as: dtype, to: &bytes)
        }
        return bytes
    }

    /// The 8-byte length and the JSON header, padded with spaces so that the data buffer
    /// starts 8-byte aligned (as the Python library does).
    static func headerBytes(metadata: [String: String], entries: [SafeTensorsEntry]) -> [UInt8] {
        var header = "{"
        var needsComma = false
        if !metadata.isEmpty {
            header += "\"__metadata__\":{"
            header += metadata.keys.sorted().map { key in
                "\(jsonString(key)):\(jsonString(metadata[key]!))"
            }.joined(separator: ",")
            header += "}"
            needsComma = true
        }
        for entry in entries {
            if needsComma { header += "," }
            needsComma = true
            let shapeText = entry.shape.map(String.init).joined(separator: ",")
            header += "\(jsonString(entry.name)):{\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":[\(shapeText)],\"data_offsets\":[\(entry.begin),\(entry.end)]}"
        }
        header += "}"
        var json = Array(header.utf8)
        while (8 + json.count) % 8 != 0 { json.append(0x20) }
        var bytes: [UInt8] = []
        let headerLength = UInt64(json.count)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: headerLength >> UInt64(shift))) }
        bytes.append(contentsOf: json)
        return bytes
    }

    private static func appendValues(_ values: [Float], as dtype: StorageType, to bytes: inout [UInt8]) {
        switch dtype {
        case .f32:
            for value in values {
                let bits = value.bitPattern
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
            }
        case .f16, .bf16:
            for value in values {
                let bits = dtype == .f16 ? FloatConversion.half(from: value) : FloatConversion.bfloat16(from: value)
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
            }
        }
    }

    /// A JSON string literal; escapes what JSON requires and leaves other Unicode as UTF-8.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
