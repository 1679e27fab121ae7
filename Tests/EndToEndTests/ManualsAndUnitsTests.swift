import Foundation
import HaloTesting
import Testing

/// What `make install` adds for operators: the man pages and shell completions generated from the
/// executables' ArgumentParser definitions, the systemd service and timer, and a `halo-sidbuilder check`
/// that finds the installed SQL and plugin.
@Suite("Manuals, completions, systemd units, check where installed") struct ManualsAndUnitsTests {
    static let programs = ["halo-events", "halo-sidbuilder", "halo-sim"]

    @Test("make manuals: each man page renders with man -l; each bash and zsh completion loads")
    func manualsRenderAndCompletionsLoad() throws {
        let out = try TemporaryDirectory("manuals")
        let made = try runProcess("/usr/bin/make", ["-s", "-C", TestPaths.repoRoot.path, "manuals",
                                                    "BINARIES=\(TestPaths.products.path)", "MANUALS=\(out.path)"], timeout: 300)
        try #require(made.status == 0, "\(made.stdout)\(made.stderr)")
        for program in Self.programs {
            let page = out.file("man1/\(program).1")
            let rendered = try runProcess("/usr/bin/man", ["-l", page], environment: ["MANWIDTH": "120", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], timeout: 60)
            #expect(rendered.status == 0, "\(program): \(rendered.stderr)")
            let text = rendered.stdout.replacingOccurrences(of: "\u{8}.", with: "", options: .regularExpression)
            #expect(text.contains("NAME") && text.contains("SYNOPSIS") && text.contains("\(program) "), "\(program): \(text.prefix(400))")
            #expect(text.contains("--version"), "\(program): the page lists --version")
            let loaded = try runProcess("/bin/bash", ["-c", "source '\(out.file("bash-completion/\(program)"))' && complete -p \(program)"], timeout: 30)
            #expect(loaded.status == 0 && loaded.stdout.hasSuffix(" \(program)\n"), "\(program): \(loaded.stdout)\(loaded.stderr)")
            let zsh = try String(contentsOfFile: out.file("zsh/_\(program)"), encoding: .utf8)
            #expect(zsh.hasPrefix("#compdef \(program)"), "\(program): \(zsh.prefix(80))")
            // zsh's completion system finds it on fpath, binds it to the command, and loads it (parsing it whole).
            let script = "fpath=('\(out.file("zsh"))' $fpath); autoload -Uz compinit && compinit -u -D && print -r -- ${_comps[\(program)]} && autoload +X _\(program) && whence -w _\(program)"
            let zshLoaded = try runProcess("/usr/bin/zsh", ["-f", "-c", script], timeout: 30)
            #expect(zshLoaded.status == 0 && zshLoaded.stdout == "_\(program)\n_\(program): function\n", "\(program): \(zshLoaded.stdout)\(zshLoaded.stderr)")
        }
        let events = try runProcess("/usr/bin/man", ["-l", out.file("man1/halo-events.1")], environment: ["MANWIDTH": "200", "PATH": "/usr/bin:/bin"], timeout: 60)
        let plain = events.stdout.replacingOccurrences(of: "\u{8}.", with: "", options: .regularExpression)
        #expect(plain.contains("--types") && plain.contains("--exclude-types") && plain.contains("HALO_API_KEY"), "halo-events' own flags")
    }

    @Test("make install puts the man pages, completions and systemd units in place; the units verify; uninstall removes them")
    func installedAndVerified() throws {
        let installation = try Installation(.rooted)
        try installation.make("install")
        let usr = installation.root.file("usr")
        var installed = Self.programs.flatMap { p in
            ["share/man/man1/\(p).1", "share/bash-completion/completions/\(p)", "share/zsh/site-functions/_\(p)"]
        }
        installed += ["lib/systemd/system/halo-events.service", "lib/systemd/system/halo-events.timer"]
        for path in installed.map({ usr + "/" + $0 }) {
            let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
            #expect(mode == 0o644, "\(path): \(mode.map { String($0, radix: 8) } ?? "missing")")
        }
        // The service names the installed paths and reads the key through systemd's credentials; systemd
        // itself finds nothing wrong with either unit.
        let service = try String(contentsOfFile: usr + "/lib/systemd/system/halo-events.service", encoding: .utf8)
        #expect(service.contains("ExecStart=\(installation.executable("halo-events")) --configdir=\(installation.stateDirectory) "))
        #expect(service.contains("LoadCredential=haloEvents.auth:\(installation.authFile)\n"))
        #expect(service.contains("ReadWritePaths=\(installation.stateDirectory) \(installation.root.file("var/log"))\n"))
        let start = try #require(service.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        #expect(!start.contains("--auth"), "the key comes from $CREDENTIALS_DIRECTORY: \(start)")
        // (Documentation=man:halo-events(1) is checked too: the installed page is on MANPATH.)
        var environment = ProcessInfo.processInfo.environment
        environment["MANPATH"] = usr + "/share/man"
        let verify = try runProcess("/usr/bin/systemd-analyze", ["verify", usr + "/lib/systemd/system/halo-events.service", usr + "/lib/systemd/system/halo-events.timer"],
                                    environment: environment, timeout: 60)
        #expect(verify.status == 0 && !verify.stderr.contains("halo-events."), "\(verify.stdout)\(verify.stderr)")

        try installation.make("uninstall")
        for path in installed.map({ usr + "/" + $0 }) { #expect(!FileManager.default.fileExists(atPath: path), "left \(path)") }
    }

    @Test("halo-sidbuilder check outside a checkout compares the installed SQL and plugin, and suggests no file in the current directory")
    func checkWhereInstalled() throws {
        let installation = try Installation(.rooted)
        try installation.make("install")
        let elsewhere = try TemporaryDirectory("not-a-checkout")
        let check = try runProcess(installation.executable("halo-sidbuilder"), ["check", "--db", installation.sidTable], currentDirectory: elsewhere.path, timeout: 60)
        let problems = check.stdout.split(separator: "\n").filter { $0.hasPrefix("problem: ") }
        // The installed SQL (PREFIX/share/…/sidmap) is the table's; the agent's plugin and its functions file
        // are looked for in /etc/ossim.
        let agentFiles = ["/etc/ossim/agent/plugins/cloudpassage-halo.cfg", "/etc/ossim/agent/plugins/cloudpassage-halo.functions"]
        let expected: [Substring] = agentFiles.filter { !FileManager.default.fileExists(atPath: $0) }
            .map { "problem: \($0) is missing; write it with `halo-sidmap-update`" }
        #expect(problems == expected, "\(check.stdout)\(check.stderr)")
        #expect(!check.stdout.contains("-o sidmap/") && !check.stdout.contains("-o plugin/"), "\(check.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing written here")
        // The installed SQL is what it compared: a changed copy there is a problem named by its path.
        let sql = installation.dataDirectory + "/sidmap/cloudpassage-halo.sql"
        try (try String(contentsOfFile: sql, encoding: .utf8) + "-- edited\n").write(toFile: sql, atomically: true, encoding: .utf8)
        let changed = try runProcess(installation.executable("halo-sidbuilder"), ["check", "--db", installation.sidTable], currentDirectory: elsewhere.path, timeout: 60)
        #expect(changed.status == 1 && changed.stdout.contains("problem: \(sql) differs from the table"), "\(changed.stdout)")
    }
}
