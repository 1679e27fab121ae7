import Foundation
import HaloConnector
import HaloEventsCommand
import HaloModel
import HaloOutput
import HaloTesting
import Testing

/// What an operator meets on the command line of the real executables: `--version`, argument errors,
/// timestamps on a redirected stderr, `-v` progress with the total and an ETA, the closing line.
@Suite("Command line for operators: version, errors, timestamps, progress") struct OperatorCommandLineTests {
    @Test("--version prints the toolkit's version on every command")
    func version() throws {
        for program in ["halo-events", "halo-sidbuilder", "halo-sim"] {
            let r = try runProcess(TestPaths.executable(program), ["--version"], timeout: 30)
            #expect(r.status == 0 && r.stdout == "\(HaloToolkit.version)\n", "\(program): \(r.stdout)\(r.stderr)")
        }
    }

    @Test("an argument error is one timestamped line naming the program, exit 64")
    func argumentErrorNamesTheProgram() throws {
        for arguments in [["--bogus"], ["--per-page=0"], ["--types=Not-A-Type"], ["--types=a", "--exclude-types=a"]] {
            let r = try HaloEventsProcess.run(arguments, timeout: 30)
            #expect(r.status == ExitStatus.usage.rawValue, "\(arguments): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(r.stderr)")
            #expect(lines.first.map { $0.prefixMatch(of: StampedLines.stamp) != nil } == true, "\(r.stderr)")
            #expect(StampedLines.unstamped(lines.first ?? "").hasPrefix("halo-events: error: "), "\(r.stderr)")
        }
    }

    @Test("stderr not a terminal: every line starts with the UTC time; on a terminal none does")
    func timestampsWhenRedirected() throws {
        let sim = try SimulatorProcess(events: 300)
        defer { sim.stop() }
        let before = Date()
        let r = try HaloEventsProcess.run(sim.arguments(output: sim.outputFile) + ["-v"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count >= 2, "\(r.stderr)")
        let formatter = ISO8601DateFormatter()
        for line in lines {
            let stamp = try #require(line.prefixMatch(of: StampedLines.stamp), "no timestamp: \(line)")
            let time = try #require(formatter.date(from: String(line[stamp.range].dropLast())), "\(line)")
            #expect(time >= before.addingTimeInterval(-1) && time <= Date().addingTimeInterval(1), "\(line)")
            #expect(line[stamp.range.upperBound...].hasPrefix("halo-events: "), "\(line)")
        }
        // On a terminal (script(1) gives it one) the lines are as before, without the time.
        let command = ([HaloEventsProcess.path] + sim.arguments(output: sim.outputFile)).map { "'\($0)'" }.joined(separator: " ")
        let onTerminal = try runProcess("/usr/bin/script", ["-qec", command, "/dev/null"], timeout: 120)
        #expect(onTerminal.status == 0, "\(onTerminal.stdout)")
        let said = onTerminal.stdout.split(whereSeparator: \.isNewline).filter { !$0.isEmpty }
        #expect(!said.isEmpty && said.allSatisfy { $0.hasPrefix("halo-events: key ") }, "\(said)")
    }

    @Test("-v: progress names the API's count and the time left; several accounts end with one line over all")
    func progressAndClosingLine() throws {
        let sim = try SimulatorProcess(accounts: 2, events: 1_500, extra: ["--latency", "20ms"])
        defer { sim.stop() }
        let r = try HaloEventsProcess.run(sim.arguments(output: sim.outputFile) + ["-v", "--threads=1"])
        #expect(r.status == 0, "\(r.stderr)")
        let said = StampedLines.lines(of: r.stderr)
        let counts = try (0..<2).map { try sim.truth(account: $0).count }
        for (index, account) in sim.accounts.enumerated() {
            let progress = said.filter { $0.hasPrefix("halo-events: key \(account.keyID): ") && $0.contains(" events/s") }
            #expect(progress.contains { $0.contains(" of about \(counts[index]) read, about ") && $0.hasSuffix(" left") }, "\(said)")
        }
        let last = try #require(said.last)
        #expect(last.hasPrefix("halo-events: all 2 accounts: 2 ok; \(counts[0] + counts[1]) events delivered, "), "\(said)")
        #expect(said.dropLast().last?.hasPrefix("halo-events: key \(sim.accounts[1].keyID): ok, ") == true, "after the summaries: \(said)")
        // Not verbose: the summaries alone, as before.
        let quiet = try HaloEventsProcess.run(sim.arguments(output: sim.outputFile))
        #expect(StampedLines.lines(of: quiet.stderr).count == 2, "\(quiet.stderr)")
    }
}
