import Foundation
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloOutput
import HaloPlatform
import HaloSimulator
import HaloTesting
import Testing

/// The file sink: logrotate moving the file between batches; a standard output that refuses writes.
/// (Real `halo-events` processes on one file: ExecutableTests, FileOutputProcessTests.)
@Suite("File output") struct FileOutputTests {
    @Test("a file moved away between batches (logrotate) is reopened by name; no line lost or split")
    func rotationBetweenBatches() async throws {
        let dir = try TemporaryDirectory("sink")
        let path = dir.file("out.log")
        let sink = try FileSink(path: path)
        _ = try await sink.reopenIfMoved()
        try await sink.append(LineBytes.encode(["one", "two"]))
        #expect(rename(path, path + ".1") == 0)
        _ = try await sink.reopenIfMoved()
        try await sink.append(LineBytes.encode(["three"]))
        try await sink.close()
        #expect(try OutputFile.lines(of: path + ".1") == ["one", "two"])
        #expect(try OutputFile.lines(of: path) == ["three"])
    }

    @Test("standard output that refuses writes is an error, not a silent loss")
    func stdoutRefused() async throws {
        // /dev/full refuses every write with ENOSPC.
        let fd = open("/dev/full", O_WRONLY)
        defer { close(fd) }
        let sink = StdoutSink(fileDescriptor: fd)
        await #expect(throws: SystemCallError.self) { try await sink.write(batch: ["x"]) }
    }
}
