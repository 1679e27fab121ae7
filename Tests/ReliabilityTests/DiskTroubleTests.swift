import Foundation
import HaloConnector
import HaloEventsCommand
import HaloSimulator
import HaloTesting
import Testing

/// The output or the config directory cannot be written (a read-only mount, the immutable attribute, a
/// full disk — real file systems mounted by the test, since root ignores permission bits): the real
/// `halo-events` says what failed and where, exits non-zero, leaves every checkpoint as it was, and the
/// next good run delivers everything exactly once.
@Suite("Disk trouble", .serialized) struct DiskTroubleTests {
    @Test("output directory read-only (bind mount): exit 78, nothing written; next good run loses nothing", arguments: [false, true])
    func outputDirectoryReadOnly(outputExists: Bool) async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(accounts: 2, events: 1_200, seed: 31)) { fixture in
            let outDir = fixture.directory.file("out"), output = outDir + "/events.json"
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
            let arguments = HaloEventsProcess.arguments(for: fixture, output: output)
            if outputExists { #expect(try await HaloEventsProcess.finish(arguments + ["--limit=300", "--threads=1"]).status == 0) }
            let before = try StateSnapshot(fixture.configDirectory, output)

            let readOnly = try Mount.readOnlyBind(outDir, at: outDir)
            let run = try await HaloEventsProcess.finish(arguments)
            #expect(run.status == ExitStatus.configuration.rawValue, "\(run.stderr)")
            #expect(run.stderr.contains(output) && run.stderr.contains("Read-only file system"), "\(run.stderr)")
            #expect(run.stderr.contains("check the output path"), "says what to do: \(run.stderr)")
            #expect(try StateSnapshot(fixture.configDirectory, output) == before)
            readOnly.unmount()
            try await expectGoodRun(fixture, arguments, output: output)
        }
    }

    @Test("disk full under the output (64 KiB… tmpfs): exit 1, whole batches only, checkpoint consistent; after freeing space nothing is lost")
    func outputDiskFull() async throws {
        var simulator = ConnectorFixture.simulator(accounts: 2, events: 2_000, seed: 32)
        simulator.adversarialShare = 0.05   // some 64 KiB messages: batches of very different sizes
        try await ConnectorFixture.with(simulator) { fixture in
            let disk = try Mount.tmpfs(at: fixture.directory.file("disk"), size: "256k")
            let output = disk.path + "/events.json"
            let arguments = HaloEventsProcess.arguments(for: fixture, output: output) + ["--batchsize=50"]
            let full = try await HaloEventsProcess.finish(arguments)
            #expect(full.status == ExitStatus.accountsFailed.rawValue, "\(full.stderr)")
            #expect(full.stderr.contains("cannot append to \(output)") && full.stderr.contains("No space left on device"), "\(full.stderr)")
            let (lines, torn) = try OutputFile.read(output)
            #expect(!torn, "the part of a batch that fitted was taken back")
            let truth = fixture.sim.accounts.indices.flatMap { fixture.truth(account: $0) }
            let partial = DeliveryAudit(lines: lines, truth: truth)
            #expect(partial.duplicated == 0 && partial.unexpected == 0 && partial.altered == 0 && partial.lines > 0, "\(partial)")
            let store = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile)
            for account in fixture.sim.accounts { #expect(try store.load(keyID: account.keyID)?.pending == nil) }

            try disk.resize("64m")
            try await expectGoodRun(fixture, arguments, output: output)
            disk.unmount()
            Campaign.report("disk-full-output", ["lines written before the disk filled": "\(partial.lines)", "lost after freeing space": "0"])
        }
    }

    @Test("config directory read-only (bind mount): exit 78 before anything is read; next good run loses nothing")
    func configDirectoryReadOnly() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(accounts: 2, events: 1_200, seed: 33)) { fixture in
            let arguments = HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile)
            #expect(try await HaloEventsProcess.finish(arguments + ["--limit=300", "--threads=1"]).status == 0)
            let before = try StateSnapshot(fixture.configDirectory, fixture.outputFile)
            let requestsBefore = fixture.sim.stats.totalRequests
            let readOnly = try Mount.readOnlyBind(fixture.configDirectory, at: fixture.configDirectory)
            let run = try await HaloEventsProcess.finish(arguments)
            #expect(run.status == ExitStatus.configuration.rawValue, "\(run.stderr)")
            #expect(run.stderr.contains(fixture.configDirectory) && run.stderr.contains("Read-only file system"), "\(run.stderr)")
            #expect(try StateSnapshot(fixture.configDirectory, fixture.outputFile) == before)
            #expect(fixture.sim.stats.totalRequests == requestsBefore, "nothing was read")
            readOnly.unmount()
            try await expectGoodRun(fixture, arguments, output: fixture.outputFile)
        }
    }

    @Test("config directory immutable (chattr +i): checkpoints cannot be saved, exit 1, output untouched; next good run loses nothing")
    func configDirectoryImmutable() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(accounts: 2, events: 1_200, seed: 34)) { fixture in
            let arguments = HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile)
            #expect(try await HaloEventsProcess.finish(arguments + ["--limit=300", "--threads=1"]).status == 0)
            let before = try StateSnapshot(fixture.configDirectory, fixture.outputFile)
            let immutable = try ImmutableAttribute(fixture.configDirectory)
            let run = try await HaloEventsProcess.finish(arguments)
            #expect(run.status == ExitStatus.accountsFailed.rawValue, "\(run.stderr)")
            let failures = run.stderr.split(separator: "\n").filter { $0.contains("FAILED") }
            #expect(failures.count == 2, "\(run.stderr)")
            #expect(failures.allSatisfy { $0.contains("cannot save checkpoint") && $0.contains(fixture.configDirectory) }, "\(run.stderr)")
            #expect(try StateSnapshot(fixture.configDirectory, fixture.outputFile) == before)
            immutable.remove()
            try await expectGoodRun(fixture, arguments, output: fixture.outputFile)
        }
    }

    @Test("config directory on a full disk: exit 1, checkpoints and output as they were; after freeing space nothing is lost")
    func configDirectoryFull() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(accounts: 2, events: 1_200, seed: 35)) { fixture in
            let disk = try Mount.tmpfs(at: fixture.directory.file("state-disk"), size: "1m")
            let state = disk.path + "/state"
            let arguments = HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile, configDirectory: state)
            #expect(try await HaloEventsProcess.finish(arguments + ["--limit=300", "--threads=1"]).status == 0)
            let before = try StateSnapshot(state, fixture.outputFile)
            // Fill the disk to the last byte.
            let filler = disk.path + "/filler"
            let fd = open(filler, O_WRONLY | O_CREAT, 0o600)
            let block = [UInt8](repeating: 0x55, count: 4096)
            while write(fd, block, block.count) > 0 {}
            while write(fd, block, 1) > 0 {}
            close(fd)

            let run = try await HaloEventsProcess.finish(arguments)
            #expect(run.status == ExitStatus.accountsFailed.rawValue, "\(run.stderr)")
            #expect(run.stderr.contains("cannot save checkpoint") && run.stderr.contains("No space left on device"), "\(run.stderr)")
            #expect(try StateSnapshot(state, fixture.outputFile) == before)

            try FileManager.default.removeItem(atPath: filler)
            try await expectGoodRun(fixture, arguments, output: fixture.outputFile)
            disk.unmount()
        }
    }

    /// A good run after the trouble: exit 0 and the output equals the truth, exactly once.
    private func expectGoodRun(_ fixture: ConnectorFixture, _ arguments: [String], output: String) async throws {
        let good = try await HaloEventsProcess.finish(arguments)
        #expect(good.status == 0, "\(good.stderr)")
        let truth = fixture.sim.accounts.indices.flatMap { fixture.truth(account: $0) }
        let (lines, torn) = try OutputFile.read(output)
        let audit = DeliveryAudit(lines: lines, truth: truth)
        #expect(!torn && audit.isExact, "\(audit)")
    }
}

/// The bytes of every file in a config directory (the lock file aside: a run writes its pid there) and of
/// the output file.
struct StateSnapshot: Equatable {
    var files: [String: Data] = [:]

    init(_ configDirectory: String, _ output: String) throws {
        // The lock and the run records (which every run updates, a failing one with its failure) are not state a run must keep.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: configDirectory)) ?? []
        where name != RunLock.fileName && !name.hasSuffix(".runs") {
            files[name] = try StateSnapshot.contents((configDirectory as NSString).appendingPathComponent(name))
        }
        files["<output>"] = try StateSnapshot.contents(output)
    }

    /// A regular file's bytes; for anything else (directory, FIFO, symbolic link) its kind, never opened.
    private static func contents(_ path: String) throws -> Data? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        guard st.st_mode & S_IFMT == S_IFREG else { return Data("<file type \(st.st_mode & S_IFMT)>".utf8) }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
