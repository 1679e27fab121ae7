import Foundation
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloOutput
import HaloPlatform
import HaloSimulator
import HaloTesting
import Testing

/// The file output of the real `halo-events`: whole batches under two concurrent processes, and a file that fills up.
@Suite("File output: halo-events processes") struct FileOutputProcessTests {
    /// Two connectors on two emulators (different seeds: different ids) append to one file at the same time,
    /// in small batches slowed by the emulators' latency, so their runs overlap: their batches alternate in
    /// the file, yet each batch lies whole between two batch boundaries of its writer (one `write` on an
    /// `O_APPEND` descriptor) and every line is one whole event. (Two connectors on one file is not a
    /// supported set-up, see docs/formats.md: this proves only what the kernel keeps whole.)
    @Test("two processes appending to one file: their batches alternate, none is split, no line split or merged")
    func concurrentAppends() throws {
        let batch = 25
        // Many long, hostile values: big writes.
        let sims = try [7, 8].map { seed in
            try SimulatorProcess(events: 1_500, seed: seed, extra: ["--adversarial-share", "0.3", "--latency", "40ms"])
        }
        defer { sims.forEach { $0.stop() } }
        let truths = try sims.map { try $0.truthIDs(account: 0) }
        try #require(Set(truths[0]).isDisjoint(with: truths[1]))
        let output = sims[0].outputFile
        let runs = try sims.map { sim in
            try HaloEventsProcess.start(sim.arguments(output: output) + ["--batchsize=\(batch)", "--threads=1"])
        }
        for run in runs {
            let result = try run.wait(timeout: 120)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let delivered = try DeliveredEvents(lines: OutputFile.lines(of: output))  // every line is one whole JSON event
        let first = Set(truths[0])
        let writers = delivered.events.map { first.contains($0.id ?? "") ? 0 : 1 }
        // Each writer's lines, in file order, are its events in order: nothing lost, repeated or reordered.
        for writer in 0..<2 {
            #expect(zip(delivered.events, writers).filter { $0.1 == writer }.map { $0.0.id ?? "" } == truths[writer])
        }
        // Runs of lines from one writer: each starts and ends on that writer's batch boundaries.
        var written = [0, 0]
        var stretches = 0
        var start = 0
        while start < writers.count {
            let writer = writers[start]
            let end = writers[start...].firstIndex { $0 != writer } ?? writers.count
            let before = written[writer]
            written[writer] += end - start
            #expect(before % batch == 0, "a batch of writer \(writer) was split at line \(start)")
            #expect(written[writer] % batch == 0 || written[writer] == truths[writer].count, "a batch of writer \(writer) was split at line \(end)")
            stretches += 1
            start = end
        }
        #expect(stretches >= 4, "the two runs did not overlap: \(stretches) stretches")
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
}
