import Foundation
import HaloConnector
import HaloEventsCommand
import HaloSIDMap
import HaloSimulator
import HaloTesting
import Testing

/// Bad input through the real `halo-events`, one case each: a clear message on standard error (what, where,
/// what to do; never a secret), the documented exit status, and nothing written — no output, no
/// checkpoint moved, not one request to the API. (The parsers' own unit tests are in HaloConnectorTests
/// and HaloSIDMapTests; these run the whole program.)
@Suite("Bad input") struct BadInputTests {
    // MARK: - Auth file

    /// Auth files that must be refused, with a fragment of the message each must give.
    enum BadAuthFile: String, CaseIterable, Sendable {
        case empty, blankLinesOnly, noBar, extraFields, tenThousandLines, binary, notUTF8, duplicateKeys,
             badKeyID, blankInSecret, tooBig, directory, fifo, symlinkToDevZero, missing

        /// A fragment of the message expected.
        var expected: String {
            switch self {
            case .empty, .blankLinesOnly: "lists no API key"
            case .noBar: "line 2: expected `key_id|secret`, found no `|`"
            case .extraFields: "line 1: expected `key_id|secret`, found 3 fields"
            case .tenThousandLines: "line 10000: expected `key_id|secret`, found no `|`"
            case .binary: "is binary"
            case .notUTF8: "is not UTF-8 text"
            case .duplicateKeys: "is already listed on line 1"
            case .badKeyID: "the key id is not a Halo key id"
            case .blankInSecret: "the secret holds a blank"
            case .tooBig: "too big for an auth file"
            case .directory, .fifo, .symlinkToDevZero: "is not a regular file"
            case .missing: "cannot read auth file"
            }
        }
    }

    @Test("a bad auth file: exit 78, the file and line named, no secret shown, nothing written or read", arguments: BadAuthFile.allCases)
    func badAuthFile(_ bad: BadAuthFile) async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 100)) { fixture in
            let account = fixture.sim.accounts[0]
            let (key, secret) = (account.keyID, account.secret)
            let path = fixture.authFile
            try FileManager.default.removeItem(atPath: path)
            func write(_ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
            switch bad {
            case .empty: try write([])
            case .blankLinesOnly: try write(Array("\n\n   \n\t\n".utf8))
            case .noBar: try write(Array("\(key)|\(secret)\n\(key) \(secret)\n".utf8))
            case .extraFields: try write(Array("\(key)|\(secret)|extra\n".utf8))
            case .tenThousandLines: try write(Array((Array(repeating: "# comment", count: 9_999) + ["\(key) \(secret)"]).joined(separator: "\n").utf8))
            case .binary: try write(Array("\(key)|\(secret)\n".utf8) + [0x00, 0xFF, 0x13, 0x37, 0x0A])
            case .notUTF8: try write(Array("\(key)|".utf8) + [0xC3, 0x28, 0xA0, 0xA1] + Array("\(secret)\n".utf8))
            case .duplicateKeys: try write(Array("\(key)|\(secret)\n\(key)|\(secret)\n".utf8))
            case .badKeyID: try write(Array("../\(key)|\(secret)\n".utf8))
            case .blankInSecret: try write(Array("\(key)|\(secret) \(secret)\n".utf8))
            case .tooBig: try write(Array("\(key)|\(secret)\n".utf8) + Array(repeating: UInt8(ascii: "#"), count: 5 << 20))
            case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            case .fifo: #expect(mkfifo(path, 0o600) == 0)
            case .symlinkToDevZero: try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
            case .missing: break
            }
            let run = try await HaloEventsProcess.finish(HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile), timeout: 60)
            #expect(run.status == ExitStatus.configuration.rawValue, "\(run.stderr)")
            #expect(run.stderr.contains(path) && run.stderr.contains(bad.expected), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "one clear line: \(run.stderr)")
            #expect(!run.stderr.contains(secret))
            try expectNothingWritten(fixture)
        }
    }

    @Test("an auth file root-only readable, run by another user: exit 78 with the reason and what to do")
    func unreadableAuthFile() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 100)) { fixture in
            // Root reads any file: run halo-events as nobody, which may not read the 0600 root-owned auth file.
            let state = fixture.directory.file("nobody-state")
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: false)
            chown(state, 65_534, 65_534)
            chmod(fixture.directory.path, 0o755)
            let run = try await offPool {
                try runProcess("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", HaloEventsProcess.path]
                    + HaloEventsProcess.arguments(for: fixture, output: nil, configDirectory: state), timeout: 60)
            }
            #expect(run.status == ExitStatus.configuration.rawValue, "\(run.stderr)")
            #expect(run.stderr.contains("cannot read auth file \(fixture.authFile)") && run.stderr.contains("Permission denied"), "\(run.stderr)")
            #expect(run.stderr.contains("chmod 600") || run.stderr.contains("owner"), "says what to do: \(run.stderr)")
            #expect(!run.stderr.contains(fixture.sim.accounts[0].secret))
            #expect(run.stdout.isEmpty && fixture.sim.stats.totalRequests == 0)
        }
    }

    @Test("tolerated auth files (CRLF, byte-order mark, comments, blanks) deliver everything", arguments: ["crlf", "bom", "bom+crlf+comments"])
    func toleratedAuthFile(_ form: String) async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(accounts: 2, events: 150)) { fixture in
            var text = fixture.sim.accounts.map(\.authFileLine).joined(separator: form == "bom" ? "\n" : "\r\n") + "\r\n"
            if form.hasSuffix("comments") { text = "# Halo keys\r\n\r\n   \r\n" + text.replacingOccurrences(of: "|", with: " | ") }
            if form.hasPrefix("bom") { text = "\u{FEFF}" + text }
            try Data(text.utf8).write(to: URL(fileURLWithPath: fixture.authFile))
            let run = try await HaloEventsProcess.finish(HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile))
            #expect(run.status == 0, "\(run.stderr)")
            let audit = DeliveryAudit(lines: try OutputFile.lines(of: fixture.outputFile), truth: fixture.sim.accounts.indices.flatMap { fixture.truth(account: $0) })
            #expect(audit.isExact, "\(audit)")
        }
    }

    // MARK: - Flags

    @Test("a bad --starting: exit 64 naming the value, nothing read", arguments: [
        "", "yesterday", "2024-13-01", "2024-02-30", "2023-02-29", "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z",
        "2024-05-01T12:00:61Z", "2024-05-01T12:00:00+24:00", "2024-05-01T12:00:00.Z", "1e9", "-1", "0", "99999-01-01",
        "２０２４-05-01", "2024-05-01T12:00:00Z junk", "2024/05/01", "2024-5-1", "9999-12-31", String(repeating: "9", count: 5_000),
    ])
    func badStarting(_ value: String) async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 50)) { fixture in
            let run = try await HaloEventsProcess.finish(HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--starting=\(value)"], timeout: 60)
            #expect(run.status == ExitStatus.usage.rawValue, "\(run.stderr)")
            #expect(run.stderr.contains("--starting"), "\(run.stderr)")
            #expect(run.stderr.contains("ISO-8601") || run.stderr.contains("in the future"), "says what is expected: \(run.stderr)")
            try expectNothingWritten(fixture)
        }
    }

    @Test("--starting more than 90 days back is clamped with one warning, and the run goes on")
    func startingBeyondRetention() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 50)) { fixture in
            let run = try await HaloEventsProcess.finish(HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--starting=2001-01-01"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").filter { $0.contains("warning:") && $0.contains("90 days") }.count == 1, "\(run.stderr)")
            #expect(try OutputFile.lines(of: fixture.outputFile).count == 50)
        }
    }

    @Test("two outputs at once, for every pair of output flags: exit 64 naming both, nothing read")
    func outputFlagsInConflict() async throws {
        let help = try await HaloEventsProcess.finish(["--help"], timeout: 60).stdout
        let candidates = ["--jsonfile", "--kvfile", "--kv", "--cef", "--ceffile", "--leeffile", "--cefsyslog", "--leefsyslog", "--kvsyslog", "--txtsyslog"]
        let flags = candidates.filter { flag in help.contains(flag + " ") || help.contains(flag + "\n") || help.contains(flag + "=") || help.contains(flag + " <") }
        #expect(flags == candidates, "every output flag of the original is in --help: \(flags)")
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 50)) { fixture in
            func argument(_ flag: String) -> String {
                flag.hasSuffix("file") ? "\(flag)=\(fixture.directory.file(String(flag.dropFirst(2))))" : flag
            }
            let base = HaloEventsProcess.arguments(for: fixture, output: nil)
            for (i, a) in flags.enumerated() {
                for b in flags[(i + 1)...] {
                    let run = try await HaloEventsProcess.finish(base + [argument(a), argument(b)], timeout: 60)
                    #expect(run.status == ExitStatus.usage.rawValue, "\(a) \(b): \(run.stderr)")
                    #expect(run.stderr.contains(a) && run.stderr.contains(b), "\(a) \(b): \(run.stderr)")
                }
            }
            try expectNothingWritten(fixture)
            let written = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path).filter { $0.hasSuffix("file") }
            #expect(written.isEmpty, "no output file created: \(written)")
        }
    }

    // MARK: - SID database

    /// SID databases `--sidmap` must refuse.
    enum BadSIDDatabase: String, CaseIterable, Sendable {
        case missing, emptyFile, randomBytes, truncated, otherProgramsDatabase, textFile, directory
    }

    @Test("a missing or corrupt SID database: exit 78 naming it and what to do, the file untouched, nothing written", arguments: BadSIDDatabase.allCases)
    func badSIDDatabase(_ bad: BadSIDDatabase) async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 50)) { fixture in
            let db = fixture.directory.file("sid.sqlite")
            var random = SeededRandom(seed: 0x51D)
            switch bad {
            case .missing: break
            case .emptyFile: try Data().write(to: URL(fileURLWithPath: db))
            case .randomBytes: try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &random) }).write(to: URL(fileURLWithPath: db))
            case .truncated:
                _ = try SIDStore.create(path: db, table: SIDSeed.builtIn)
                let whole = try Data(contentsOf: URL(fileURLWithPath: db))
                try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: db))
                for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            case .otherProgramsDatabase:
                let made = try runProcess("/usr/bin/sqlite3", [db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);"])
                #expect(made.status == 0, "\(made.stderr)")
            case .textFile: try Data("sid\ttypes\tname\n409\thalo_login_failure\tHalo login failure\n".utf8).write(to: URL(fileURLWithPath: db))
            case .directory: try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: false)
            }
            let before = FileManager.default.contents(atPath: db)
            let run = try await HaloEventsProcess.finish(HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--sidmap=\(db)"], timeout: 60)
            #expect(run.status == ExitStatus.configuration.rawValue, "\(run.stderr)")
            #expect(run.stderr.contains("cannot use --sidmap=\(db)"), "\(run.stderr)")
            if bad == .directory {
                #expect(run.stderr.contains("it is a directory; give the path of the SID database file"), "\(run.stderr)")
            } else {
                #expect(run.stderr.contains("halo-sidbuilder init"), "\(run.stderr)")
            }
            #expect(FileManager.default.contents(atPath: db) == before, "the file is left as it was")
            if bad == .missing { #expect(!FileManager.default.fileExists(atPath: db), "not created") }
            try expectNothingWritten(fixture)
        }
    }

    @Test("a SID database another process holds locked: exit 78 in bounded time (busy timeout), nothing written; works once released")
    func lockedSIDDatabase() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 50)) { fixture in
            let db = fixture.directory.file("sid.sqlite")
            _ = try SIDStore.create(path: db, table: SIDSeed.builtIn)
            // Another process takes the database in exclusive locking mode inside a transaction, and keeps it.
            let holder = try RunningProcess("/usr/bin/env", ["python3", "-c", """
                import sqlite3, sys, time
                db = sqlite3.connect(sys.argv[1], isolation_level=None)
                db.execute("PRAGMA locking_mode=EXCLUSIVE")
                db.execute("BEGIN EXCLUSIVE")
                db.execute("SELECT count(*) FROM sqlite_master").fetchall()
                print("locked", flush=True)
                time.sleep(600)
                """, db])
            defer { holder.stop() }
            var polls = 0
            while !holder.stdout.contains("locked"), polls < 500 {
                try await Task.sleep(for: .milliseconds(20))
                polls += 1
            }
            #expect(holder.stdout.contains("locked"), "the holder took the lock: \(holder.stderr)")
            let began = ContinuousClock.now
            let run = try await HaloEventsProcess.finish(HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--sidmap=\(db)"], timeout: 180)
            let waited = (ContinuousClock.now - began).seconds
            #expect(waited < 120, "it gives up in bounded time (the database's 10 s busy timeout, per statement)")
            #expect(run.status == ExitStatus.configuration.rawValue, "\(run.stderr)")
            #expect(run.stderr.contains("cannot use --sidmap=\(db)") && run.stderr.lowercased().contains("lock"), "\(run.stderr)")
            #expect(!run.stderr.contains("halo-sidbuilder init"), "a locked database is not a case for init: \(run.stderr)")
            try expectNothingWritten(fixture)

            holder.stop()
            let good = try await HaloEventsProcess.finish(HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile) + ["--sidmap=\(db)"])
            #expect(good.status == 0, "\(good.stderr)")
            Campaign.report("locked-sid-database", [("seconds until halo-events gave up", String(format: "%.1f", waited)), ("exit status", "\(run.status)")])
        }
    }

    // MARK: - Checkpoint

    /// Ways a checkpoint file can be damaged.
    enum DamagedCheckpoint: String, CaseIterable, Sendable {
        case empty, oneByte, truncatedHalf, lastByteMissing, nulFilled, randomBytes, jsonNull, jsonArray, jsonString,
             emptyObject, formatTwo, formatAsText, formatHuge, otherKey, keyMissing, cursorMissing, deliveredAsArray,
             deliveredTimestampInvalid, deliveredIDsNumbers, newestInvalid, coveredFromInvalid, deeplyNested,
             trailingGarbage, twoObjects, pendingLengthOverflow, pendingLengthZero, pendingNegativeLength, pendingNoEvents,
             directory, fifo, symlinkToDevZero, oversized
    }

    @Test("a damaged checkpoint: its account fails with the path and what to do, the file untouched, nothing written, no crash",
          arguments: DamagedCheckpoint.allCases)
    func damagedCheckpoint(_ damage: DamagedCheckpoint) async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 400, seed: 77)) { fixture in
            let arguments = HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile)
            #expect(try await HaloEventsProcess.finish(arguments + ["--limit=150", "--batchsize=50", "--threads=1"]).status == 0)
            let key = fixture.sim.accounts[0].keyID
            let path = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile).path(for: key)
            let good = try Data(contentsOf: URL(fileURLWithPath: path))
            try CheckpointDamage.apply(damage, to: path, good: good, keyID: key, output: fixture.outputFile)
            let before = try StateSnapshot(fixture.configDirectory, fixture.outputFile)
            let requestsBefore = fixture.sim.stats.totalRequests

            let run = try await HaloEventsProcess.finish(arguments, timeout: 60)
            #expect(!run.signaled, "no crash: \(run.stderr.prefix(2_000))")
            #expect(run.status == ExitStatus.accountsFailed.rawValue, "\(run.stderr)")
            let failure = run.stderr.split(separator: "\n").first { $0.contains("key \(key): FAILED") } ?? ""
            #expect(failure.contains(path) && failure.contains("move it away"), "\(run.stderr)")
            #expect(try StateSnapshot(fixture.configDirectory, fixture.outputFile) == before, "checkpoint and output untouched")
            #expect(fixture.sim.stats.totalRequests == requestsBefore, "nothing read for the account")
        }
    }

    @Test("seeded bit flips in a checkpoint: never a crash or a hang; counts of flips refused and flips that went unnoticed")
    func checkpointBitFlips() async throws {
        let flips = Campaign.size(short: 12, full: 200)
        let seed = Campaign.seed(0xB17)
        try await ConnectorFixture.with(ConnectorFixture.simulator(events: 400, seed: 78)) { fixture in
            let arguments = HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile)
            #expect(try await HaloEventsProcess.finish(arguments + ["--limit=150", "--batchsize=50", "--threads=1"]).status == 0)
            let key = fixture.sim.accounts[0].keyID
            let path = CheckpointStore(directory: fixture.configDirectory, authFile: fixture.authFile).path(for: key)
            let good = try Data(contentsOf: URL(fileURLWithPath: path))
            let output = try Data(contentsOf: URL(fileURLWithPath: fixture.outputFile))
            let truth = fixture.truth()
            var random = SeededRandom(seed: seed)
            var refused = 0, unnoticedHarmless = 0, unnoticedHarmful = 0
            for n in 0..<flips {
                var bytes = [UInt8](good)
                let position = Int(random.next() % UInt64(bytes.count))
                bytes[position] ^= UInt8(1 << (random.next() % 8))
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                try output.write(to: URL(fileURLWithPath: fixture.outputFile))
                let run = try await HaloEventsProcess.finish(arguments, timeout: 60)
                #expect(!run.signaled, "flip \(n) at \(position): \(run.stderr.prefix(2_000))")
                if run.status == ExitStatus.accountsFailed.rawValue {
                    refused += 1
                    #expect(run.stderr.contains(path) && run.stderr.contains("move it away"), "flip \(n): \(run.stderr)")
                    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes), "flip \(n): left as it was")
                } else {
                    #expect(run.status == 0, "flip \(n): \(run.stderr)")
                    // Accepted: the flip hit something the format does not check (a digit of a timestamp, an id).
                    let audit = DeliveryAudit(lines: try OutputFile.lines(of: fixture.outputFile), truth: truth)
                    if audit.isExact { unnoticedHarmless += 1 } else { unnoticedHarmful += 1 }
                }
            }
            Campaign.report("checkpoint-bit-flips", [
                "seed": "\(seed)",
                "flips": "\(flips)",
                "refused as damaged (file left alone)": "\(refused)",
                "accepted, delivery still exact": "\(unnoticedHarmless)",
                "accepted, events skipped or repeated": "\(unnoticedHarmful)",
                "crashes or hangs": "0",
            ])
        }
    }

    /// No output file, no checkpoint, no request to the emulator.
    private func expectNothingWritten(_ fixture: ConnectorFixture) throws {
        #expect(!FileManager.default.fileExists(atPath: fixture.outputFile), "no output")
        let state = (try? FileManager.default.contentsOfDirectory(atPath: fixture.configDirectory)) ?? []
        #expect(state.allSatisfy { $0 == RunLock.fileName }, "no checkpoint: \(state)")
        #expect(fixture.sim.stats.totalRequests == 0, "nothing read")
    }
}

/// Makes each ``BadInputTests/DamagedCheckpoint``.
enum CheckpointDamage {
    static func apply(_ damage: BadInputTests.DamagedCheckpoint, to path: String, good: Data, keyID: String, output: String) throws {
        func write(_ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }
        func edit(_ change: (inout [String: Any]) -> Void) throws {
            var object = try JSONSerialization.jsonObject(with: good) as! [String: Any]
            change(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        }
        func cursor(_ change: @escaping (inout [String: Any]) -> Void) throws {
            try edit { object in
                var c = object["cursor"] as! [String: Any]
                change(&c)
                object["cursor"] = c
            }
        }
        func pending(_ change: @escaping (inout [String: Any]) -> Void) throws {
            let st = try FileManager.default.attributesOfItem(atPath: output)
            try edit { object in
                var p: [String: Any] = [
                    "output": output, "device": 0, "inode": (st[.systemFileNumber] as! NSNumber).uint64Value,
                    "length_before": (st[.size] as! NSNumber).int64Value, "length": 120, "digest": "0011223344556677",
                    "events": 1, "next": object["cursor"]!,
                ]
                var s = stat()
                stat(output, &s)
                p["device"] = UInt64(s.st_dev)
                change(&p)
                object["pending"] = p
            }
        }
        try FileManager.default.removeItem(atPath: path)
        switch damage {
        case .empty: try write("")
        case .oneByte: try good.prefix(1).write(to: URL(fileURLWithPath: path))
        case .truncatedHalf: try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: path))
        case .lastByteMissing: try good.prefix(good.count - 2).write(to: URL(fileURLWithPath: path))
        case .nulFilled: try Data(count: good.count).write(to: URL(fileURLWithPath: path))
        case .randomBytes:
            var random = SeededRandom(seed: 0xC0FFEE)
            try Data((0..<good.count).map { _ in UInt8.random(in: 0...255, using: &random) }).write(to: URL(fileURLWithPath: path))
        case .jsonNull: try write("null")
        case .jsonArray: try write("[]")
        case .jsonString: try write("\"checkpoint\"")
        case .emptyObject: try write("{}")
        case .formatTwo: try edit { $0["format"] = 2 }
        case .formatAsText: try edit { $0["format"] = "1" }
        case .formatHuge: try write(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"format\":1", with: "\"format\":1e400"))
        case .otherKey: try edit { $0["key_id"] = "someoneelse" }
        case .keyMissing: try edit { $0["key_id"] = nil }
        case .cursorMissing: try edit { $0["cursor"] = nil }
        case .deliveredAsArray: try cursor { $0["delivered"] = ["a", "b"] }
        case .deliveredTimestampInvalid: try cursor { $0["delivered"] = ["2024-02-30T00:00:00Z": ["a"]] }
        case .deliveredIDsNumbers: try cursor { $0["delivered"] = ["2024-02-01T00:00:00Z": [1, 2]] }
        case .newestInvalid: try cursor { $0["newest"] = "soon" }
        case .coveredFromInvalid: try cursor { $0["covered_from"] = 17 }
        case .deeplyNested: try write(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        case .trailingGarbage: try (good + Data("garbage".utf8)).write(to: URL(fileURLWithPath: path))
        case .twoObjects: try (good + good).write(to: URL(fileURLWithPath: path))
        case .pendingLengthOverflow: try pending { $0["length_before"] = Int64.max - 10 }
        case .pendingLengthZero: try pending { $0["length"] = 0 }
        case .pendingNegativeLength: try pending { $0["length_before"] = -5 }
        case .pendingNoEvents: try pending { $0["events"] = 0 }
        case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .fifo: guard mkfifo(path, 0o600) == 0 else { throw POSIXError(.EIO) }
        case .symlinkToDevZero: try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
        case .oversized:
            try good.write(to: URL(fileURLWithPath: path))
            let fd = open(path, O_WRONLY)
            defer { close(fd) }
            guard ftruncate(fd, 65 << 20) == 0 else { throw POSIXError(.EIO) }
        }
    }
}
