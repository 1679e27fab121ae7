import Foundation
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloSIDMap
import HaloSimulator
import HaloTesting
import Testing

/// Secrets stay secret, TLS stays on, files get safe modes, and a hostile event type from the API cannot
/// inject anything into the SQL or the plugin that `halo-sidbuilder` generates from it.
@Suite("Security") struct SecurityTests {
    // MARK: - The secret

    /// Failing (and one succeeding, verbose) runs of the real `halo-events`, each leaving its standard output,
    /// standard error and every file it wrote in the fixture's directory.
    enum Scenario: String, CaseIterable, Sendable {
        case wrongSecret, apiUnreachable, tlsToPlainServer, retriesExhausted, tokenRevokedEveryRequest, malformedAuthLine,
             secretWithBlank, verboseSuccessEveryFormat, crashDump
    }

    @Test("the secret appears in no output, log, error, state file or core dump of a run, failing or not", arguments: Scenario.allCases)
    func secretNeverShows(_ scenario: Scenario) async throws {
        var simulator = ConnectorFixture.simulator(accounts: 2, events: 300, seed: 5)
        switch scenario {
        case .retriesExhausted: simulator.faults = [try FaultRule(spec: "503@p=1")]
        case .tokenRevokedEveryRequest: simulator.faults = [try FaultRule(spec: "revoke@p=1")]
        case .crashDump: simulator.latency = .seconds(2)   // the run is surely waiting for a page when it crashes
        default: break
        }
        try await ConnectorFixture.with(simulator) { fixture in
            let accounts = fixture.sim.accounts
            let secrets = accounts.map(\.secret) + [String(accounts[1].secret.reversed())]
            // Everything the child writes to a temporary file goes to the fixture's directory too.
            let tmp = fixture.directory.file("tmp")
            try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: false)
            var arguments = HaloEventsProcess.arguments(for: fixture, output: fixture.outputFile)
                + (scenario == .crashDump ? [] : ["--retries=2", "--timeout=5"])
            switch scenario {
            case .wrongSecret:
                try fixture.writeAuthFile([accounts[0].authFileLine, "\(accounts[1].keyID)|\(secrets[2])"])
            case .apiUnreachable:
                arguments += ["--url=http://127.0.0.1:\(try freeLoopbackPort(udp: false))"]
            case .tlsToPlainServer:
                arguments += ["--url=\(fixture.sim.baseURL.replacingOccurrences(of: "http://", with: "https://"))"]
            case .malformedAuthLine:
                try fixture.writeAuthFile([accounts[0].authFileLine, "\(accounts[1].keyID)|\(accounts[1].secret)|\(accounts[0].secret)"])
            case .secretWithBlank:
                try fixture.writeAuthFile(["\(accounts[0].keyID)|\(accounts[0].secret) \(accounts[1].secret)"])
            default: break
            }

            var results: [ProcessResult] = []
            if scenario == .verboseSuccessEveryFormat {
                for flag in ["--jsonfile", "--kvfile", "--ceffile", "--leeffile"] {
                    let base = HaloEventsProcess.arguments(for: fixture, output: nil, configDirectory: fixture.directory.file("state\(flag)"))
                    results.append(try await runIn(tmp, base + ["-v", "\(flag)=\(fixture.directory.file("out\(flag)"))"]))
                }
                for flag in ["--kv", "--cef"] {
                    let base = HaloEventsProcess.arguments(for: fixture, output: nil, configDirectory: fixture.directory.file("state\(flag)"))
                    results.append(try await runIn(tmp, base + ["-v", flag]))
                }
                #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
            } else if scenario == .crashDump {
                // A crash while the secret is in memory (the token was fetched, a page is on its way): with
                // core dumps allowed by the shell, no core file may carry the secret.
                // (SWIFT_BACKTRACE=enable=no: the signal's default action, as without the runtime's crash reporter.)
                let run = try RunningProcess("/bin/sh", ["-c", "ulimit -c unlimited; cd '\(fixture.directory.path)' && TMPDIR='\(tmp)' SWIFT_BACKTRACE=enable=no exec \"$0\" \"$@\""]
                    + [HaloEventsProcess.path] + arguments)
                var polls = 0
                while fixture.sim.stats.tokensIssued < 1, polls < 1_000 {
                    try await Task.sleep(for: .milliseconds(10))
                    polls += 1
                }
                try await Task.sleep(for: .milliseconds(100))
                run.send(SIGSEGV)
                let result = try await run.finished(timeout: 60)
                #expect(result.signaled && result.status == SIGSEGV, "it crashed: \(result.status) \(result.stderr)")
                results.append(result)
            } else {
                let result = try await runIn(tmp, arguments)
                #expect(result.status != 0, "the scenario fails: \(result.stderr)")
                results.append(result)
            }

            for (n, result) in results.enumerated() {
                try Data((result.stdout + result.stderr).utf8).write(to: URL(fileURLWithPath: fixture.directory.file("captured-\(n).txt")))
            }
            let leaks = try SecretScan.files(under: fixture.directory.path, containingAnyOf: secrets, except: [fixture.authFile])
            #expect(leaks.isEmpty, "the secret shows in: \(leaks)")
            if scenario == .crashDump {
                let cores = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path).filter { $0.hasPrefix("core") }
                #expect(cores.isEmpty, "halo-events forbids core dumps (they would hold the secrets)")
                Campaign.report("secret-in-core", ["core files written by a crashed run": "\(cores.count)", "holding the secret": "\(leaks.count)"])
            }
        }
    }

    private func runIn(_ tmp: String, _ arguments: [String]) async throws -> ProcessResult {
        try await offPool {
            var environment = ProcessInfo.processInfo.environment
            environment["TMPDIR"] = tmp
            return try runProcess(HaloEventsProcess.path, arguments, environment: environment, timeout: 120)
        }
    }

    // MARK: - TLS

    @Test("plain http:// to anything but a loopback host is refused (exit 64), however the host is spelled", arguments: [
        "http://api.cloudpassage.com", "HTTP://api.cloudpassage.com", "http://10.0.0.1", "http://192.168.1.10:8080",
        "http://127.0.0.1.nip.io", "http://localhost.example.com", "http://127.1", "http://2130706433", "http://0x7f.0.0.1",
        "http://0177.0.0.1", "http://[::ffff:127.0.0.1]", "http://[::2]", "http://user:pw@127.0.0.1", "http://", "http:/127.0.0.1",
    ])
    func plainHTTPOnlyToLoopback(_ url: String) async throws {
        let run = try await HaloEventsProcess.finish(["--auth=/nonexistent", "--url=\(url)"], timeout: 60)
        #expect(run.status == ExitStatus.usage.rawValue, "\(url): \(run.stderr)")
        #expect(run.stderr.contains("--url"), "\(run.stderr)")
    }

    @Test("no flag turns certificate verification off", arguments: [
        "--insecure", "-k", "--no-verify", "--no-check-certificate", "--tls-verify=false", "--verify=false", "--ssl-no-verify",
        "--skip-tls-verify", "--allow-insecure", "--tls=off",
    ])
    func noFlagDisablesVerification(_ flag: String) async throws {
        let run = try await HaloEventsProcess.finish(["--auth=/nonexistent", flag], timeout: 60)
        #expect(run.status == ExitStatus.usage.rawValue, "\(flag): \(run.stderr)")
        let help = try await HaloEventsProcess.finish(["--help"], timeout: 60).stdout.lowercased()
        for word in ["insecure", "no-verify", "noverify", "skip-verify", "verify=false", "allow-invalid"] {
            #expect(!help.contains(word), "--help offers \(word)")
        }
    }

    @Test("certificates are verified against a real TLS server: self-signed refused; --cacert with the wrong name refused; the right CA and name accepted")
    func certificatesAreVerified() async throws {
        let dir = try TemporaryDirectory("tls")
        try "k1|0123456789abcdef0123456789abcdef\n".write(toFile: dir.file("a.auth"), atomically: true, encoding: .utf8)
        chmod(dir.file("a.auth"), 0o600)
        func certificate(_ name: String, san: String) async throws {
            let made = try await offPool { try runProcess("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=\(san)", "-addext", "subjectAltName=\(san)",
                "-keyout", dir.file("\(name).key"), "-out", dir.file("\(name).pem"),
            ], timeout: 60) }
            #expect(made.status == 0, "\(made.stderr)")
        }
        try await certificate("right", san: "IP:127.0.0.1")
        try await certificate("wrong", san: "DNS:example.com")

        var outcomes: [String: String] = [:]
        for (name, cacert) in [("right", nil), ("wrong", "wrong"), ("right", "right")] as [(String, String?)] {
            let port = try freeLoopbackPort(udp: false)
            let server = try RunningProcess("/usr/bin/openssl", [
                "s_server", "-quiet", "-accept", "127.0.0.1:\(port)", "-cert", dir.file("\(name).pem"), "-key", dir.file("\(name).key"), "-www",
            ])
            try await waitForListener(port: port)
            let run = try await HaloEventsProcess.finish([
                "--auth=\(dir.file("a.auth"))", "--configdir=\(dir.file("state"))", "--url=https://127.0.0.1:\(port)", "--retries=1",
                "--retry-base-delay=0.01", "--timeout=2",
            ] + (cacert.map { ["--cacert=\(dir.file("\($0).pem"))"] } ?? []), timeout: 120)
            server.send(SIGKILL)   // (openssl s_server takes its time over SIGTERM)
            _ = try await server.finished(timeout: 30)
            #expect(run.status == ExitStatus.accountsFailed.rawValue, "\(run.stderr)")
            let failure = run.stderr.split(separator: "\n").first { $0.contains("FAILED") }.map(String.init) ?? ""
            outcomes["\(name) certificate, --cacert \(cacert ?? "none")"] = failure.contains("TLS") ? "refused (TLS)" : "TLS accepted"
            if cacert == "right" {
                    // The handshake passed: what fails is the HTTP exchange (openssl's test server answers no POST).
                #expect(!failure.contains("TLS") && failure.contains("POST /oauth/access_token"), "\(failure)")
            } else {
                #expect(failure.contains("TLS") && failure.contains("not trusted") && failure.contains("0 retries"), "\(failure)")
            }
        }
        Campaign.report("tls", [
            "self-signed certificate, no --cacert": outcomes["right certificate, --cacert none"] ?? "",
            "--cacert given, certificate for another name": outcomes["wrong certificate, --cacert wrong"] ?? "",
            "--cacert given, certificate for 127.0.0.1": outcomes["right certificate, --cacert right"] ?? "",
        ])
    }

    private func waitForListener(port: Int) async throws {
        for _ in 0..<500 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if connected { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    // MARK: - File modes

    @Test("under umask 000: checkpoints and the lock are 0600, the config directory 0700, every output file 0640")
    func fileModes() async throws {
        try await ConnectorFixture.with(ConnectorFixture.simulator(accounts: 2, events: 200)) { fixture in
            var modes: [String: String] = [:]
            for flag in ["--jsonfile", "--kvfile", "--ceffile", "--leeffile"] {
                let state = fixture.directory.file("state\(flag)"), output = fixture.directory.file("out\(flag)")
                let arguments = HaloEventsProcess.arguments(for: fixture, output: nil, configDirectory: state) + ["\(flag)=\(output)", "--batchsize=50"]
                let run = try await offPool {
                    try runProcess("/bin/sh", ["-c", "umask 000; exec \"$0\" \"$@\"", HaloEventsProcess.path] + arguments, timeout: 120)
                }
                #expect(run.status == 0, "\(run.stderr)")
                modes["output \(flag)"] = Self.mode(output)
                modes["config directory"] = Self.mode(state)
                for name in try FileManager.default.contentsOfDirectory(atPath: state) {
                    let kind = name == RunLock.fileName ? "lock file" : "checkpoint"
                    modes[kind] = Self.mode((state as NSString).appendingPathComponent(name))
                    #expect(Self.mode((state as NSString).appendingPathComponent(name)) == "600", "\(name)")
                }
                #expect(Self.mode(output) == "640", "\(flag)")
                #expect(Self.mode(state) == "700")
            }
            Campaign.report("file-modes", [("under umask", "000")] + modes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    static func mode(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "missing" }
        return String(st.st_mode & 0o777, radix: 8)
    }

    // MARK: - A hostile event type from the API

    /// Unknown types (and display names) an API could send: SQL, quotes, config syntax, CEF look-alikes,
    /// HTML, and text OSSIM cannot store (line breaks, characters outside the BMP, 300 characters).
    static let hostileTypes: [SimulatedEventType] = [
        SimulatedEventType(type: "evil'); DELETE FROM plugin_sid; --", name: "x'); DROP TABLE plugin; --", kind: .actor),
        SimulatedEventType(type: "quote\"back\\slash\\'", name: "Quote \" back \\ slash", kind: .server),
        SimulatedEventType(type: "[config]\nlocation=/etc/shadow", name: "%(here)s [section] regexp=.*", kind: .actor),
        SimulatedEventType(type: "CEF:0|CloudPassage|CPHalo|1.0|409|x|9|src=6.6.6.6", name: "CEF:0|x|y|z|409|n|9|dst=6.6.6.6", kind: .server),
        SimulatedEventType(type: "<script>alert(1)</script>", name: "<img src=x onerror=alert(1)>", kind: .actor),
        SimulatedEventType(type: "emoji_😀_type", name: "Emoji 😀", kind: .actor),
        SimulatedEventType(type: String(repeating: "long_", count: 60), name: String(repeating: "Long ", count: 150), kind: .actor),
        SimulatedEventType(type: "line\r\nbreak", name: "Line\nbreak", kind: .server),
    ]

    @Test("a hostile event type travels connector → sync → SQL (real MariaDB) and plugin (Python configparser, PluginTester): nothing injected")
    func hostileEventType() async throws {
        var simulator = ConnectorFixture.simulator(accounts: 1, events: 600, seed: 66)
        simulator.catalogue = EventCatalogue(types: EventCatalogue.default.types, unknownTypes: Self.hostileTypes)
        simulator.adversarialShare = 0.05
        try await ConnectorFixture.with(simulator) { fixture in
            let dir = fixture.directory
            let db = dir.file("sid.sqlite")
            let builder = SIDBuilderProcess.path
            func build(_ arguments: [String]) async throws -> ProcessResult {
                try await offPool { try runProcess(builder, arguments, timeout: 120) }
            }
            #expect(try await build(["init", "--db", db]).status == 0)
            #expect(try await build(["plugin", "--db", db, "-o", dir.file("baseline.cfg")]).status == 0)

            // 1. The connector meets the hostile types and records them as unmapped.
            let first = try await HaloEventsProcess.finish(HaloEventsProcess.arguments(for: fixture, output: nil) + ["--sidmap=\(db)", "--ceffile=\(dir.file("before.cef"))"])
            #expect(first.status == 0, "\(first.stderr)")
            let recorded = try SIDStore(path: db, access: .readOnly).unmappedSightings().compactMap(\.type)
            #expect(Set(recorded) == Set(Self.hostileTypes.map(\.type)), "recorded: \(recorded)")

            // 2. sync gives every storable type a SID and leaves out (and names) the ones OSSIM cannot store.
            let sync = try await build(["sync", "--db", db])
            #expect(sync.status == 0, "\(sync.stdout)\(sync.stderr)")
            let warnings = sync.stderr.split(separator: "\n")
            #expect(warnings.count == 4 && warnings.allSatisfy { $0.contains("left unmapped") }, "each unstorable type named once, on one line: \(sync.stderr)")
            let table = try SIDStore(path: db, access: .readOnly).loadTable()
            let synced = table.entries.filter { SIDRanges.sync.contains($0.sid) }
            let storable = Self.hostileTypes.filter { SIDEntryRules.textProblems($0.type, what: "", maxLength: 255, allowsLineBreaks: false).isEmpty }
            #expect(Set(synced.flatMap(\.types)) == Set(storable.map(\.type)), "synced: \(synced.map(\.types))")
            #expect(synced.allSatisfy { SIDEntryRules.problems(of: $0, in: table).isEmpty })

            // 3. The SQL loads into a real MariaDB (strict mode) and stores exactly the table, nothing else.
            #expect(try await build(["sql", "--db", db, "-o", dir.file("halo.sql")]).status == 0)
            #expect(try await build(["plugin", "--db", db, "-o", dir.file("halo.cfg")]).status == 0)
            let sqlFile = dir.file("halo.sql")
            let database = try await offPool { () throws -> [String: [[String]]] in
                let server = try MariaDBServer()
                defer { server.stop() }
                try server.execute("CREATE DATABASE alienvault")
                try server.load(file: TestPaths.shared.appendingPathComponent("reference/ossim-schema.sql").path, database: "alienvault")
                try server.execute("CREATE TABLE canary (x INT); INSERT INTO canary VALUES (42);", database: "alienvault")
                var found = ["tables before": try server.query("SHOW TABLES", database: "alienvault")]
                try server.load(file: sqlFile, database: "alienvault")
                for (name, sql) in [
                    ("tables after", "SHOW TABLES"), ("canary", "SELECT x FROM canary"),
                    ("rows", "SELECT sid, HEX(name) FROM plugin_sid WHERE plugin_id = 9876 ORDER BY sid"),
                    ("other plugins' rows", "SELECT COUNT(*) FROM plugin_sid WHERE plugin_id <> 9876"),
                    ("plugin", "SELECT COUNT(*) FROM plugin WHERE id = 9876"),
                ] {
                    found[name] = try server.query(sql, database: "alienvault")
                }
                return found
            }
            #expect(database["tables after"] == database["tables before"], "no table created or dropped")
            #expect(database["canary"] == [["42"]])
            let rows = database["rows"] ?? []
            let expected = table.entries.sorted { $0.sid < $1.sid }.map { [String($0.sid), Self.hex($0.name)] }
            #expect(rows == expected, "plugin_sid holds exactly the table (\(rows.count) rows, \(expected.count) entries)")
            #expect(database["other plugins' rows"] == [["0"]])
            #expect(database["plugin"] == [["1"]])

            // 4. The plugin does not depend on type names at all: it is the baseline plugin, and Python's
            //    configparser (as ossim-agent reads it: latin-1, interpolation on) reads the same sections.
            #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("halo.cfg"))) == Data(contentsOf: URL(fileURLWithPath: dir.file("baseline.cfg"))))
            let python = try await offPool {
                try runProcess("/usr/bin/env", ["python3", "-c", """
                    import configparser, re, sys
                    cp = configparser.ConfigParser()
                    with open(sys.argv[1], encoding="latin-1") as f:
                        cp.read_file(f)
                    for s in cp.sections():
                        items = dict(cp.items(s))
                        if "regexp" in items:
                            re.compile(items["regexp"])
                    print("\\n".join(cp.sections()))
                    """, dir.file("halo.cfg")], timeout: 60)
            }
            #expect(python.status == 0, "\(python.stderr)")
            let sections = python.stdout.split(separator: "\n").map(String.init)
            #expect(sections.first == "config" && sections.last == PluginGenerator.catchAllSection && sections.allSatisfy { $0.hasPrefix("cloudpassage-halo-") || $0 == "config" }, "\(sections)")

            // 5. Events of the new types, delivered again with the synced table, parse as one event each with
            //    their own SID (PluginTester, ossim-agent's way).
            let log = dir.file("after.cef")
            let second = try await HaloEventsProcess.finish(
                HaloEventsProcess.arguments(for: fixture, output: nil, configDirectory: dir.file("state-after")) + ["--sidmap=\(db)", "--ceffile=\(log)"])
            #expect(second.status == 0, "\(second.stderr)")
            let tested = try await build(["test-plugin", "--plugin", dir.file("halo.cfg"), log, "--events"])
            #expect(tested.status == 0, "\(tested.stderr)")
            let events = tested.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            let lines = try OutputFile.lines(of: log)
            #expect(events.count == lines.count && lines.count == fixture.truth().count, "one event per line, no more")
            let resolver = SIDResolver(table: table)
            let sidOfID = Dictionary(uniqueKeysWithValues: fixture.truth().map { ($0.id, resolver.classify($0.event).sid) })
            var hostileParsed = 0
            for event in events {
                let id = event["userdata5"] as? String ?? ""
                let sid = (event["plugin_sid"] as? String).flatMap(Int.init) ?? (event["plugin_sid"] as? Int)
                #expect(sid == sidOfID[id], "event \(id): SID \(String(describing: sid)), want \(String(describing: sidOfID[id]))")
                if let sid, SIDRanges.sync.contains(sid) { hostileParsed += 1 }
            }
            #expect(hostileParsed > 0)
            Campaign.report("hostile-event-type", [
                "hostile types sent by the API": "\(Self.hostileTypes.count)",
                "recorded by the connector": "\(recorded.count)",
                "given SIDs by sync": "\(synced.count)",
                "left unmapped (OSSIM cannot store them)": "\(Self.hostileTypes.count - synced.count)",
                "plugin_sid rows in MariaDB = table entries": "\(rows.count) = \(expected.count)",
                "tables created or dropped by the SQL": "0",
                "plugin changed by the hostile types": "no (byte-identical to the baseline)",
                "CEF lines / events parsed by the plugin": "\(lines.count) / \(events.count)",
                "events of hostile types parsed with their new SID": "\(hostileParsed)",
            ])
        }
    }

    static func hex(_ text: String) -> String { text.utf8.map { String(format: "%02X", $0) }.joined() }
}

/// Searches a directory tree, byte for byte, for secrets.
enum SecretScan {
    /// The files under `root` (recursively, every regular file, `except` some) holding any of `secrets`.
    static func files(under root: String, containingAnyOf secrets: [String], except: [String]) throws -> [String] {
        var found: [String] = []
        let needles = secrets.map { Data($0.utf8) }
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        while let relative = walker.nextObject() as? String {
            let path = (root as NSString).appendingPathComponent(relative)
            var st = stat()
            guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, !except.contains(path) else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            if needles.contains(where: { data.range(of: $0) != nil }) { found.append(relative) }
        }
        return found
    }
}
