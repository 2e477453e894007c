import Foundation

extension SafeTensors {
    /// Changes a file's `__metadata__` strings and nothing else: the tensors keep their dtypes,
    /// their order and their bytes, which are copied from the old file without being decoded.
    /// The file is checked as `read` checks it first, and replaced atomically.
    public static func updateMetadata(
        inFileAt url: URL, _ update: (inout [String: String]) -> Void
    ) throws(SafeTensorsError) {
        let bytes = try fileBytes(at: url)
        let layout = try SafeTensorsLayout(bytes: bytes, source: url.path)
        var metadata = layout.metadata
        update(&metadata)
        var rewritten = headerBytes(metadata: metadata, entries: layout.entries)
        rewritten.append(contentsOf: bytes[layout.dataStart...])
        do {
            try AtomicFile.write(rewritten, to: url)
        } catch {
            switch error {
            case .cannotWrite(let path, let reason): throw .unwritable(file: path, reason: reason)
            }
        }
    }
}
