import Foundation
import HaloConnector
import HaloModel
import HaloOutput
import HaloSimulator
import Testing
import TestSupport

/// The file sink: whole lines under concurrent appenders, and logrotate moving the file.
@Suite("File output") struct FileOutputTests {
    @Test("two processes appending to one file never interleave inside a line")
    func concurrentAppends() throws {
        // Many long, hostile values: big writes.
        let sim = try SimulatorProcess(events: 3_000, extra: ["--adversarial-share", "0.3"])
        defer { sim.stop() }
        do {
            let runs = try ["a", "b"].map { name in
                try HaloEventsProcess.start(
                    sim.arguments(output: sim.outputFile, configDirectory: sim.directory.file("state-\(name)")) + ["--batchsize=50", "--threads=2"])
            }
            for run in runs {
                let result = try run.wait(timeout: 120)
                #expect(result.status == 0, "\(result.stderr)")
            }
            let lines = try sim.outputLines()
            #expect(lines.count == 6_000)
            let delivered = try DeliveredEvents(lines: lines)   // every line is one whole JSON event
            #expect(delivered.idCounts.count == 3_000 && delivered.idCounts.values.allSatisfy { $0 == 2 })
        }
    }

    @Test("a file moved away between batches (logrotate) is reopened by name; no line lost or split")
    func rotationBetweenBatches() async throws {
        let dir = try TemporaryDirectory("sink")
        let path = dir.file("out.log")
        let sink = try FileSink(path: path)
        try await sink.write(batch: ["one", "two"])
        #expect(rename(path, path + ".1") == 0)
        try await sink.write(batch: ["three"])
        try await sink.close()
        #expect(try ConnectorFixture.lines(of: path + ".1") == ["one", "two"])
        #expect(try ConnectorFixture.lines(of: path) == ["three"])
    }

    @Test("an output that fills up mid-batch: the torn batch is taken back, the account fails, the next run completes it")
    func outputFull() throws {
        let sim = try SimulatorProcess(events: 2_000)
        defer { sim.stop() }
        do {
            // A file-size limit (ulimit -f, in KiB) makes the output refuse writes part-way, like a full disk.
            let arguments = sim.arguments(output: sim.outputFile) + ["--batchsize=40"]
            let quoted = ([HaloEventsProcess.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let full = try RunningProcess("/bin/sh", ["-c", "ulimit -f 300; exec \(quoted)"]).wait(timeout: 120)
            #expect(full.status == ExitStatus.accountsFailed.rawValue, "\(full.stderr)")
            #expect(full.stderr.contains("cannot append to \(sim.outputFile)"), "\(full.stderr)")
            let size = try #require(FileIdentity.of(path: sim.outputFile)).size
            #expect(size < 300 * 1024)
            let partial = try DeliveredEvents(lines: sim.outputLines())   // whole lines only
            #expect(try Data(contentsOf: URL(fileURLWithPath: sim.outputFile)).last == 0x0A)
            #expect(partial.events.count % 40 == 0, "whole batches only")

            let rerun = try HaloEventsProcess.run(arguments)
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(try DeliveredEvents(lines: sim.outputLines()).events.compactMap(\.id) == sim.truthIDs(account: 0))
        }
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
