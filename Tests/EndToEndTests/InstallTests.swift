import Foundation
import HaloTesting
import Testing

/// `make install` / `make uninstall` with `DESTDIR`, as a package build runs them, using the executables
/// this test run built (`BINARIES=`); what a plain `make install` would run is checked with `make -n`.
@Suite struct InstallTests {
    @Test(.timeLimit(.minutes(10)))
    func installIntoDestdirRunsFromThereAndUninstallRemovesIt() throws {
        let installation = try Installation(.staged, variables: ["ROTATE": "9"])
        let first = try installation.make("install")
        let fm = FileManager.default

        // Every file in place, with its mode.
        let expected: [(path: String, mode: Int)] = [
            (installation.executable("halo-events"), 0o755), (installation.executable("halo-sidbuilder"), 0o755),
            (installation.executable("halo-sim"), 0o755), (installation.executable("halo-sidmap-update"), 0o755),
            (installation.cronFile, 0o644), (installation.logrotateFile, 0o644), (installation.pluginFile, 0o644),
            (installation.dataDirectory + "/sidmap/cloudpassage-halo.sql", 0o644),
            (installation.dataDirectory + "/sidmap/cloudpassage-halo-sids.tsv", 0o644),
            (installation.authFile, 0o600), (installation.stateDirectory, 0o750), (installation.sidTable, -1),
        ]
        for (path, mode) in expected {
            #expect(fm.fileExists(atPath: path), "make install did not create \(path)")
            if mode >= 0 {
                let actual = (try? fm.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
                #expect(actual == mode, "\(path) has mode \(String(actual ?? 0, radix: 8)), want \(String(mode, radix: 8))")
            }
        }
        #expect(first.stdout.contains("wrote a sample"))

        // The installed cron, logrotate and script files are the shipped ones with PREFIX=/usr, and name
        // paths without DESTDIR; ROTATE reached logrotate.
        let repo = TestPaths.repoRoot
        for (shipped, installed) in [("cron/cloudpassage-halo", installation.cronFile),
                                     ("scripts/halo-sidmap-update", installation.executable("halo-sidmap-update"))] {
            let original = try String(contentsOf: repo.appendingPathComponent(shipped), encoding: .utf8)
            #expect(try String(contentsOfFile: installed, encoding: .utf8) == PathRewriter.install(prefix: "/usr").apply(original))
        }
        let logrotateText = try String(contentsOfFile: installation.logrotateFile, encoding: .utf8)
        #expect(logrotateText.contains("\n\trotate 9\n"))
        #expect(!logrotateText.contains(installation.root.path))
        let cron = try installation.cronTable()
        let connectorLine = try #require(cron.entry(running: "halo-events"))
        #expect(connectorLine.command.hasPrefix("/usr/bin/halo-events "))
        #expect(try #require(cron.entry(running: "halo-sidmap-update")).command.hasPrefix("/usr/bin/halo-sidmap-update "))

        // The installed executables run from there.
        for program in ["halo-events", "halo-sidbuilder", "halo-sim"] {
            let help = try runProcess(installation.executable(program), ["--help"], timeout: 60)
            #expect(help.status == 0, "\(program) --help: \(help.stderr)")
            #expect(help.stdout.lowercased().contains("usage"), "\(program) --help printed: \(help.stdout.prefix(300))")
        }
        // A real run of the installed cron line (paths moved under DESTDIR, --url to the emulator).
        let simulator = try SimulatorProcess(arguments: ["--events", "300", "--no-late"], in: installation.root)
        try String(contentsOfFile: simulator.authFile, encoding: .utf8).write(toFile: installation.authFile, atomically: false, encoding: .utf8)
        let command = installation.onDisk(connectorLine.command)
            .replacingOccurrences(of: "/halo-events ", with: "/halo-events --url=\(simulator.baseURL) ")
        let run = try cron.run(command, home: installation.root.path)
        #expect(run.status == 0, "installed connector: \(run.stderr)")
        let lines = try String(contentsOfFile: installation.cefLog, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 300)
        #expect(lines.allSatisfy { $0.hasPrefix("CEF:0|CloudPassage|CPHalo|") })
        let messages = try String(contentsOfFile: installation.messagesLog, encoding: .utf8)
        #expect(StampedLines.text(messages).hasPrefix("halo-events: "), "\(messages)")
        #expect(!connectorLine.command.contains("--starting"), "no fixed --starting on every run")

        // The README's troubleshooting commands, word for word, on the installed files. halo-sidbuilder's
        // default --db is the SID table the cron line names (here moved under DESTDIR, so it is given).
        let readme = try String(contentsOf: repo.appendingPathComponent("README.md"), encoding: .utf8)
        func readmeCommand(_ start: String) throws -> [String] {
            let found = try #require(readme.firstMatch(of: try Regex("`(" + start + "[^`]*)`")), "README.md names `\(start)…`")
            return String(try #require(found.output[1].substring)).split(whereSeparator: \.isWhitespace).map(String.init)
        }
        let sidbuilder = installation.executable("halo-sidbuilder")
        let testPlugin = try readmeCommand("halo-sidbuilder test-plugin")
        let parsed = try runProcess(sidbuilder, testPlugin.dropFirst().map(installation.onDisk), timeout: 120)
        #expect(parsed.status == 0, "\(testPlugin.joined(separator: " ")): \(parsed.stdout)\(parsed.stderr)")
        #expect(parsed.stdout.hasPrefix("300 lines: 300 parsed, 0 unmatched\n"), "\(parsed.stdout)")
        let explainHelp = try runProcess(sidbuilder, ["explain", "--help"], timeout: 60).stdout
        let table = "/var/lib/halo-events/cloudpassage-halo.sqlite"
        #expect(connectorLine.command.contains("--sidmap=\(table)"))
        #expect(explainHelp.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("default: \(table)"), "\(explainHelp)")
        let explain = try readmeCommand("halo-sidbuilder explain")
        let explained = try runProcess(sidbuilder, Array(explain.dropFirst()) + ["--db", installation.onDisk(table)], timeout: 60)
        #expect(explained.status == 0 && explained.stdout.contains("409"), "\(explained.stdout)\(explained.stderr)")

        // Installing again changes nothing that matters: the auth file (now with keys) and the SID table stay.
        let keys = try String(contentsOfFile: installation.authFile, encoding: .utf8)
        let tableBefore = try Data(contentsOf: URL(fileURLWithPath: installation.sidTable))
        let second = try installation.make("install")
        #expect(!second.stdout.contains("wrote a sample"))
        #expect(try String(contentsOfFile: installation.authFile, encoding: .utf8) == keys)
        #expect((try fm.attributesOfItem(atPath: installation.authFile)[.posixPermissions] as? Int) == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: installation.sidTable)) == tableBefore)

        // Uninstall removes what install put, keeps the auth file and the state; PURGE=1 removes those too.
        try installation.make("uninstall")
        for path in [installation.executable("halo-events"), installation.executable("halo-sidbuilder"), installation.executable("halo-sim"),
                     installation.executable("halo-sidmap-update"), installation.cronFile, installation.logrotateFile,
                     installation.pluginFile, installation.dataDirectory] {
            #expect(!fm.fileExists(atPath: path), "make uninstall left \(path)")
        }
        #expect(fm.fileExists(atPath: installation.authFile))
        #expect(fm.fileExists(atPath: installation.sidTable))
        #expect(fm.fileExists(atPath: installation.cefLog), "logs are never removed")
        try installation.make("uninstall", ["PURGE": "1"])
        #expect(!fm.fileExists(atPath: installation.authFile))
        #expect(!fm.fileExists(atPath: installation.stateDirectory))
    }

    @Test("a plain make install makes a release build with the Swift runtime linked in, and strips the debug info")
    func plainInstallBuildsForRelease() throws {
        let dry = try runProcess("/usr/bin/make", ["-n", "-C", TestPaths.repoRoot.path, "install", "DESTDIR=/nonexistent"], timeout: 60)
        #expect(dry.status == 0, "\(dry.stderr)")
        let commands = dry.stdout.split(separator: "\n").map(String.init)
        let build = try #require(commands.firstIndex { $0.contains("build -c release --static-swift-stdlib") }, "\(dry.stdout)")
        let copy = try #require(commands.firstIndex { $0.hasPrefix("install -m 0755 '.build/release'/halo-events") }, "\(dry.stdout)")
        let strip = try #require(commands.firstIndex { $0.hasPrefix("strip --strip-debug '/nonexistent/usr/local/bin'/halo-events") }, "\(dry.stdout)")
        #expect(build < copy && copy < strip, "build, then install, then strip")
        #expect(dry.stdout.contains("init --db '/nonexistent/var/lib/halo-events/cloudpassage-halo.sqlite'"), "\(dry.stdout)")
    }
}
