import Foundation
import HaloOutput
import HaloPlatform
import HaloTesting
import Testing

/// The file and stdout sinks fail with a ``SystemCallError`` that says which call failed, on what, and why.
@Suite struct SinkErrorTests {
    @Test func standardOutputThatRefusesWritesSaysSo() async throws {
        // /dev/full refuses every write with ENOSPC.
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let error = await #expect(throws: SystemCallError.self) { try await StdoutSink(fileDescriptor: fd).write(batch: ["x"]) }
        #expect(error == SystemCallError(.write, "standard output", errno: ENOSPC))
        #expect(error?.description == "cannot write to standard output: No space left on device (errno 28)")
    }

    @Test func aFileThatCannotBeCreatedOrIsNoFileIsRefusedOnOpening() throws {
        let directory = try TemporaryDirectory("sinkerror")
        let missing = directory.file("no-such-dir/out.log")
        #expect(throws: SystemCallError(.create, missing, errno: ENOENT)) { try FileSink(path: missing) }
        #expect(throws: SystemCallError(.requireRegularFile, "/dev/null", errno: EINVAL)) { try FileSink(path: "/dev/null") }
        #expect(throws: SystemCallError(.openForAppending, directory.path, errno: EISDIR)) { try FileSink(path: directory.path) }
    }

    @Test func aBatchIsAppendedWholeAndCanBeTakenBack() async throws {
        let directory = try TemporaryDirectory("sinkerror")
        let path = directory.file("out.log")
        let sink = try FileSink(path: path)
        let before = try await sink.reopenIfMoved()
        try await sink.append(LineBytes.encode(["one", "two"]))
        #expect(try await sink.identity().size == before.size + 8)
        try await sink.truncate(to: before.size)
        #expect(FileIdentity.of(path: path)?.size == before.size)
        try await sink.close()
        await #expect(throws: SystemCallError(.append, path, errno: EBADF)) { try await sink.append([0x0A]) }
    }
}
