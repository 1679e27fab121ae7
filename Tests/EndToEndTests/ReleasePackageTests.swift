import Foundation
import HaloTesting
import Testing

/// The release package (`make dist`, or the `.deb` that `HALO_DIST_DEB` names) installed with `dpkg -i` in
/// a minimal Debian 11 root (glibc 2.31, older than this machine's), on a sensor that still has the
/// original connector's plugin: every executable runs there on the libraries it brings, the connector's
/// installed cron line delivers from a `halo-sim` on the host's loopback, and `dpkg -r` / `dpkg -P` keep
/// and remove what they promise.
@Suite struct ReleasePackageTests {
    static let libraryDirectory = "/usr/lib/halo-ossim-toolkit/lib"
    static let originalPlugin = "# The original AlienVault plugin for haloEvents.py\n[DEFAULT]\nplugin_id=9876\n"

    @Test(.timeLimit(.minutes(90)))
    func installsRunsAndRemovesInAMinimalOlderDebian() throws {
        let package = try ReleasePackageTests.package()
        // The size goal: installed ≤ 60 MB (Installed-Size is in KiB), symbols kept out of the package.
        let field = try runProcess("/usr/bin/dpkg-deb", ["-f", package, "Installed-Size"], timeout: 60).stdout
        let installedKiB = try #require(Int(field.trimmingCharacters(in: .whitespacesAndNewlines)), "Installed-Size: \(field)")
        #expect(installedKiB * 1024 <= 60_000_000, "installed \(installedKiB) KiB, above 60 MB")
        let root = try DebianRoot(suite: "bullseye")
        defer { root.close() }
        let fm = FileManager.default
        let pluginPath = "/etc/ossim/agent/plugins/cloudpassage-halo.cfg"
        let authPath = "/etc/halo-events/haloEvents.auth"
        let tablePath = "/var/lib/halo-events/cloudpassage-halo.sqlite"
        func inRoot(_ command: String, timeout: Double = 120) throws -> ProcessResult {
            let result = try root.run(command, timeout: timeout)
            #expect(result.status == 0, "\(command): \(result.status)\n\(result.stdout)\(result.stderr)")
            return result
        }
        func contents(_ pathInRoot: String) -> String? { try? String(contentsOfFile: root.file(pathInRoot), encoding: .utf8) }
        func mode(_ pathInRoot: String) -> Int? { (try? fm.attributesOfItem(atPath: root.file(pathInRoot))[.posixPermissions]) as? Int }

        // A sensor still running the original connector: its plugin is where the new one goes.
        try fm.createDirectory(atPath: root.file("/etc/ossim/agent/plugins"), withIntermediateDirectories: true)
        try ReleasePackageTests.originalPlugin.write(toFile: root.file(pluginPath), atomically: false, encoding: .utf8)
        try fm.copyItem(atPath: package, toPath: root.file("/tmp/halo-ossim-toolkit.deb"))
        let installed = try inRoot("dpkg -i /tmp/halo-ossim-toolkit.deb", timeout: 300)
        // What the root said, for the log: each step's last line.
        var transcript = ["installed \(installedKiB) KiB, root: Debian \(contents("/etc/debian_version")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?")"]
        func note(_ step: String, _ result: ProcessResult) {
            transcript.append("\(step): exit \(result.status); \((result.stdout + result.stderr).split(separator: "\n").last ?? "(nothing)")")
        }
        note("dpkg -i", installed)
        #expect(installed.stdout.contains("wrote a sample \(authPath)"), "\(installed.stdout)")
        #expect(installed.stdout.contains("kept \(pluginPath)"), "\(installed.stdout)")
        #expect(contents(pluginPath) == ReleasePackageTests.originalPlugin, "dpkg -i installed over the original plugin")
        #expect(mode(authPath) == 0o600)
        #expect(mode("/var/lib/halo-events") == 0o750)
        #expect(fm.fileExists(atPath: root.file(tablePath)))

        // No Foundation and no ICU in the package: the executables import only FoundationEssentials.
        let libraries = try fm.contentsOfDirectory(atPath: root.file(ReleasePackageTests.libraryDirectory))
        for big in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so"] {
            #expect(!libraries.contains(big), "the package brings \(big): \(libraries.sorted())")
        }
        #expect(libraries.contains("libFoundationEssentials.so"), "\(libraries.sorted())")

        // Every executable asks for the package's loader and library directory, and everything it loads
        // resolves there. (The root's own `ldd` would run the root's loader over the package's glibc;
        // LD_TRACE_LOADED_OBJECTS makes the executable's own loader list what it loads.)
        for program in ["halo-events", "halo-sidbuilder", "halo-sim"] {
            let executable = root.file("/usr/bin/\(program)")
            let headers = try runProcess("/usr/bin/readelf", ["-l", "-d", executable], timeout: 60).stdout
            let sections = try runProcess("/usr/bin/readelf", ["-S", "-W", executable], timeout: 60).stdout
            #expect(!sections.contains(" .symtab ") && !sections.contains(" .debug_info ") && sections.contains(" .gnu_debuglink "),
                    "\(program): not stripped to its debug link (packaging/make-dist)")
            #expect(headers.contains("[Requesting program interpreter: \(ReleasePackageTests.libraryDirectory)/ld-linux-x86-64.so.2]"), "\(program): \(headers.prefix(2000))")
            #expect(headers.contains("Library rpath: [\(ReleasePackageTests.libraryDirectory)]"), "\(program): \(headers.suffix(3000))")
            let loaded = try inRoot("LD_TRACE_LOADED_OBJECTS=1 /usr/bin/\(program)").stdout
            let paths = loaded.split(separator: "\n").compactMap { line -> String? in
                let words = line.split(whereSeparator: \.isWhitespace)
                if words.count >= 3, words[1] == "=>" { return String(words[2]) }
                return words.first.map(String.init).flatMap { $0.hasPrefix("/") ? $0 : nil }
            }
            #expect(paths.count >= 2 && !loaded.contains("not found"), "\(program) loads: \(loaded)")
            let outside = paths.filter { !$0.hasPrefix(ReleasePackageTests.libraryDirectory + "/") }
            #expect(outside.isEmpty, "\(program) loads from outside the package: \(outside)\n\(loaded)")
            let help = try inRoot("/usr/bin/\(program) --help")
            transcript.append("\(program): \(paths.count) libraries, all in \(ReleasePackageTests.libraryDirectory); --help: \(help.stdout.split(separator: "\n").first ?? "")")
            #expect(help.stdout.lowercased().contains("usage"), "\(program) --help: \(help.stdout.prefix(300))")
        }

        // The demo, with halo-sim from the same directory.
        let demo = try inRoot("/usr/bin/halo-events --demo", timeout: 180)
        note("halo-events --demo", demo)
        #expect(demo.stdout.contains("1200 lines: 1200 parsed, 0 unmatched"), "\(demo.stdout.suffix(2000))\(demo.stderr)")

        // The installed cron line, as cron runs it, against a halo-sim on the host's loopback: the one
        // change is --url. A second run finds nothing new.
        let host = try TemporaryDirectory("halo-release-sim")
        let simulator = try SimulatorProcess(arguments: ["--events", "300", "--no-late"], in: host)
        defer { simulator.stop() }
        try String(contentsOfFile: simulator.authFile, encoding: .utf8).write(toFile: root.file(authPath), atomically: false, encoding: .utf8)
        let cron = try CronTable(path: root.file("/etc/cron.d/cloudpassage-halo"))
        let connector = try #require(cron.entry(running: "halo-events")).command
        let daily = try #require(cron.entry(running: "halo-sidmap-update")).command
        let cronEnvironment = cron.commandEnvironment(home: "/root")
        let pointed = connector.replacingOccurrences(of: "/usr/bin/halo-events ", with: "/usr/bin/halo-events --url=\(simulator.baseURL) ")
        #expect(pointed != connector, "no /usr/bin/halo-events in: \(connector)")
        for _ in 0..<2 {
            let run = try root.run(pointed, environment: cronEnvironment, timeout: 300)
            note("the cron line", run)
            #expect(run.status == 0 && run.stdout.isEmpty && run.stderr.isEmpty, "\(pointed): \(run.status) \(run.stdout)\(run.stderr)")
        }
        let lines = (contents("/var/log/cloudpassage-halo.log") ?? "").split(separator: "\n")
        #expect(lines.count == 300 && lines.allSatisfy { $0.hasPrefix("CEF:0|CloudPassage|CPHalo|") }, "\(lines.count) lines")
        #expect(StampedLines.text(contents("/var/log/halo-events.log") ?? "").hasPrefix("halo-events: "))

        // The daily line, as installed: the SQL written for the server, the original plugin left alone.
        let job = try root.run(daily, environment: cronEnvironment, timeout: 300)
        note("the daily line", job)
        let report = contents("/var/log/halo-events.log") ?? ""
        #expect(job.status == 0, "\(daily): \(report)")
        #expect(report.contains("no ossim-db here") && report.contains("left \(pluginPath) alone"), "\(report)")
        #expect(contents(pluginPath) == ReleasePackageTests.originalPlugin, "the daily job replaced the original plugin")

        // The SID builder's commands, on a table of its own; the shipped SQL is what its seed gives.
        _ = try inRoot("halo-sidbuilder init --db /tmp/sids.sqlite --seed /usr/share/halo-ossim-toolkit/sidmap/cloudpassage-halo-sids.tsv")
        _ = try inRoot("halo-sidbuilder sql --db /tmp/sids.sqlite -o /tmp/sids.sql")
        _ = try inRoot("halo-sidbuilder plugin --db /tmp/sids.sqlite --location /var/log/cloudpassage-halo.log -o /tmp/sids.cfg")
        _ = try inRoot("halo-sidbuilder functions -o /tmp/sids.functions")
        let check = try inRoot("halo-sidbuilder check --db /tmp/sids.sqlite --sql-file /usr/share/halo-ossim-toolkit/sidmap/cloudpassage-halo.sql --plugin-file /tmp/sids.cfg")
        #expect(contents("/tmp/sids.sql") == contents("/usr/share/halo-ossim-toolkit/sidmap/cloudpassage-halo.sql"), "\(check.stdout)")
        note("halo-sidbuilder init, sql, plugin, functions, check", check)

        // The admin switches: removes the original plugin and installs again (an upgrade's path). The keys
        // and the SID table stay; the plugin is generated and parses every line delivered.
        let keys = contents(authPath)
        let table = try Data(contentsOf: URL(fileURLWithPath: root.file(tablePath)))
        try fm.removeItem(atPath: root.file(pluginPath))
        let again = try inRoot("dpkg -i /tmp/halo-ossim-toolkit.deb", timeout: 300)
        #expect(!again.stdout.contains("wrote a sample"), "\(again.stdout)")
        #expect(contents(authPath) == keys && mode(authPath) == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: root.file(tablePath))) == table)
        let parsed = try inRoot("halo-sidbuilder test-plugin --plugin \(pluginPath) /var/log/cloudpassage-halo.log")
        #expect(parsed.stdout.hasPrefix("300 lines: 300 parsed, 0 unmatched\n"), "\(parsed.stdout)")
        transcript.append("\(lines.count) CEF lines from the cron runs; test-plugin: \(parsed.stdout.split(separator: "\n").first ?? "")")

        // dpkg -r: the programs and libraries go; the keys, the state, the plugin and the conffiles stay.
        note("dpkg -r", try inRoot("dpkg -r halo-ossim-toolkit", timeout: 300))
        for gone in ["/usr/bin/halo-events", "/usr/bin/halo-sidbuilder", "/usr/bin/halo-sim", "/usr/bin/halo-sidmap-update",
                     "/usr/lib/halo-ossim-toolkit", "/usr/share/halo-ossim-toolkit"] {
            #expect(!fm.fileExists(atPath: root.file(gone)), "dpkg -r left \(gone)")
        }
        #expect(contents(authPath) == keys)
        for kept in [tablePath, pluginPath, "/etc/cron.d/cloudpassage-halo", "/etc/logrotate.d/cloudpassage-halo"] {
            #expect(fm.fileExists(atPath: root.file(kept)), "dpkg -r removed \(kept)")
        }

        // dpkg -P: those go too; the logs stay.
        note("dpkg -P", try inRoot("dpkg -P halo-ossim-toolkit", timeout: 300))
        for gone in ["/etc/halo-events", "/var/lib/halo-events", pluginPath, "/etc/cron.d/cloudpassage-halo", "/etc/logrotate.d/cloudpassage-halo"] {
            #expect(!fm.fileExists(atPath: root.file(gone)), "dpkg -P left \(gone)")
        }
        #expect(fm.fileExists(atPath: root.file("/var/log/cloudpassage-halo.log")))
        #expect(try root.run("dpkg -s halo-ossim-toolkit").status != 0, "still known to dpkg after purge")
        print("release package in a Debian minbase root:\n  " + transcript.joined(separator: "\n  "))
    }

    /// The package to test: `HALO_DIST_DEB`, else what `make dist` builds (a release build, incremental).
    static func package() throws -> String {
        if let given = ProcessInfo.processInfo.environment["HALO_DIST_DEB"], !given.isEmpty { return given }
        let made = try runProcess("/usr/bin/make", ["-C", TestPaths.repoRoot.path, "dist"], timeout: 3600)
        guard made.status == 0 else {
            throw DebianRoot.Failure(description: "make dist failed (\(made.status)):\n\(made.stdout.suffix(3000))\n\(made.stderr.suffix(3000))")
        }
        let printed = made.stdout.split(separator: "\n").compactMap { line in
            line.hasPrefix("make dist: ") && line.hasSuffix(".deb") ? String(line.dropFirst("make dist: ".count)) : nil
        }
        guard let deb = printed.last else { throw DebianRoot.Failure(description: "make dist named no .deb:\n\(made.stdout)") }
        return deb.hasPrefix("/") ? deb : TestPaths.repoRoot.appendingPathComponent(deb).path
    }
}
