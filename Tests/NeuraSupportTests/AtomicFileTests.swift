import Foundation
import NeuraSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

private func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("neurascore-atomic-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct AtomicFileTests {
    @Test func replacesTheWholeFileAndLeavesNoTemporaryFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("data.bin")
        try AtomicFile.write([UInt8](repeating: 7, count: 10_000), to: url)
        try AtomicFile.write([1, 2, 3], to: url)
        #expect(try [UInt8](Data(contentsOf: url)) == [1, 2, 3])
        try AtomicFile.write([], to: url)
        #expect(try Data(contentsOf: url).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["data.bin"])
    }

    @Test func namesThePathWhenTheDirectoryDoesNotExist() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("missing/out.mid")
        #expect {
            try AtomicFile.write([1], to: url)
        } throws: { error in
            (error as? AtomicFileError)?.description
                == "cannot write \(url.path): the folder \(directory.path)/missing does not exist"
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func leavesADirectoryInTheWayUntouchedAndCleansUp() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inTheWay = directory.appendingPathComponent("out.mid")
        try FileManager.default.createDirectory(at: inTheWay, withIntermediateDirectories: false)
        #expect(throws: AtomicFileError.self) {
            try AtomicFile.write([1, 2], to: inTheWay)
        }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: inTheWay.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.mid"])
    }

    /// What a writer killed mid-write leaves is removed by the next write of that file, unless
    /// its process still runs.
    @Test func removesTemporaryFilesOfDeadWritersOnly() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = ".take.mid.tmp-\(finished.processIdentifier)-17"
        let alive = ".take.mid.tmp-\(getppid())-18"
        let otherFile = ".other.mid.tmp-\(finished.processIdentifier)-19"
        for name in [dead, alive, otherFile] {
            #expect(FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: Data([1])))
        }
        try AtomicFile.write([1, 2, 3], to: directory.appendingPathComponent("take.mid"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == ["take.mid", alive, otherFile])
    }
}
