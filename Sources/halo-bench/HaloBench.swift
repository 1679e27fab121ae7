import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloCommandLine
import HaloPlatform

/// `halo-bench`: how fast the toolkit formats, decodes and catches up, how much memory it needs, and what
/// the generated plugin costs the OSSIM sensor (docs/bench.md).
@main
struct HaloBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halo-bench",
        abstract: "Measures the toolkit: formatting, decoding, catch-up, memory, agent cost, SID builder.",
        discussion: """
            Run a release build: swift build -c release, then .build/release/halo-bench (the executables it \
            starts, halo-events, halo-sim and halo-sidbuilder, are taken from its own directory unless --bin says \
            otherwise). Prints one table per measurement and the targets; --json FILE writes every figure. \
            --quick does the same with small workloads (seconds), to keep the benchmark working in CI; its \
            figures mean little.

            Exit status: 0 when every measurement ran (targets missed or not); 1 when one failed.
            """)

    enum Section: String, ExpressibleByArgument, CaseIterable {
        case formatting, decoding, catchup, memory, agent, sidbuilder
    }

    @Flag(help: "Small workloads: a few seconds in all, for CI.")
    var quick = false

    @Option(help: ArgumentHelp("Write every figure, and the machine's core count, to FILE as JSON.", valueName: "FILE"))
    var json: String?

    @Option(name: .customLong("only"), parsing: .upToNextOption,
            help: ArgumentHelp("Run only these measurements (\(Section.allCases.map(\.rawValue).joined(separator: ", "))); agent needs catchup.", valueName: "section"))
    var sections: [Section] = Section.allCases

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("The formats of the formatting measurement (\(FormattingBench.formats.map(\.name).joined(separator: ", "))).", valueName: "format"))
    var formats: [String] = FormattingBench.formats.map(\.name)

    @Option(help: ArgumentHelp("Directory of halo-events, halo-sim and halo-sidbuilder (default: halo-bench's own).", valueName: "DIR"))
    var bin: String?

    @Option(help: ArgumentHelp("The Python 3 interpreter for the agent-cost script (a name is looked up on PATH).", valueName: "PATH"))
    var python = "python3"

    @Option(name: .customLong("agent-script"), help: ArgumentHelp("bench/agent_cost.py (default: found from the working directory or the source tree).", valueName: "PATH"))
    var agentScript: String?

    @Flag(name: .customLong("keep"), help: "Keep the scratch directory (outputs, logs, databases) and print its path.")
    var keep = false

    func validate() throws {
        let known = FormattingBench.formats.map(\.name)
        if let unknown = formats.first(where: { !known.contains($0) }) {
            throw ValidationError("--formats: no format '\(unknown)'; the formats are \(known.joined(separator: ", "))")
        }
        if sections.contains(.agent) && !sections.contains(.catchup) {
            throw ValidationError("--only agent needs catchup too: the agent cost is measured on the CEF output of the catch-up run")
        }
    }

    func run() async throws {
        let tools = Tools(binDirectory: bin ?? RunningExecutable.directory, python: Tools.resolve(python), agentScript: agentScript ?? Tools.defaultAgentScript)
        let scale = quick ? BenchScale.quick : BenchScale.full
        var report = BenchReport(mode: quick ? "quick" : "full", machine: .current)
        Self.say("halo-bench (\(report.mode)): \(report.machine.cores) cores, \(report.machine.cpuModel), \(report.machine.build) build, load average \(report.machine.loadAverageAtStart)")
        if report.machine.build != "release" { Self.say("note: a debug build; build with -c release for figures that mean anything") }

        do {
            let directory = try BenchDirectory(keep: keep)
            if keep { Self.say("scratch directory: \(directory.path)") }
            try await measure(into: &report, tools: tools, scale: scale, directory: directory)
        } catch {
            Self.say("halo-bench: \(error)")
            throw ExitCode.failure
        }
        report.machine.loadAverageAtEnd = Machine.loadAverage
        report.targets = Targets.check(report)
        print(Targets.table(report.targets).text)
        if let json { try write(report, to: json) }
    }

    private func measure(into report: inout BenchReport, tools: Tools, scale: BenchScale, directory: BenchDirectory) async throws {
        if sections.contains(.formatting) {
            let bench = FormattingBench(events: scale.formattingEvents, names: formats)
            let result = bench.run()
            report.formatting = result
            print(bench.table(result).text)
        }
        if sections.contains(.decoding) {
            let bench = DecodingBench(events: scale.decodingEvents)
            let result = try bench.run()
            report.decoding = result
            print(bench.table(result).text)
        }
        guard sections.contains(where: { [.catchup, .memory, .agent, .sidbuilder].contains($0) }) else { return }
        try tools.check(agentCost: sections.contains(.agent))
        // The SID database a sensor has after `make install`: the seed, and the plugin generated from it.
        let sidDatabase = directory.file("halo.sqlite")
        try runChild(tools.haloSIDBuilder, ["init", "--db", sidDatabase], in: directory, name: "init", timeout: 120)

        var catchUpOutput: String?
        if sections.contains(.catchup) {
            let bench = CatchUpBench(tools: tools, scale: scale, directory: directory, sidDatabase: sidDatabase)
            let (result, cefFile) = try await bench.run()
            report.catchUp = result
            catchUpOutput = cefFile
            print(bench.table(result).text)
        }
        if sections.contains(.memory) {
            let bench = MemoryBench(tools: tools, scale: scale, directory: directory, sidDatabase: sidDatabase)
            let result = try bench.run()
            report.memory = result
            print(bench.table(result).text)
        }
        if sections.contains(.agent), let catchUpOutput {
            let plugin = directory.file("cloudpassage-halo.cfg")
            try runChild(tools.haloSIDBuilder, ["plugin", "--db", sidDatabase, "-o", plugin], in: directory, name: "plugin", timeout: 120)
            let agent = AgentCostBench(tools: tools, scale: scale, directory: directory)
            let cost = try agent.run(plugin: plugin, cefFile: catchUpOutput)
            report.agentCost = cost
            print(agent.table(cost).text)
        }
        if sections.contains(.sidbuilder) {
            let bench = SIDBuilderBench(tools: tools, scale: scale, directory: directory)
            let result = try bench.run()
            report.sidBuilder = result
            print(bench.table(result).text)
        }
    }

    private func write(_ report: BenchReport, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(report).write(to: URL(fileURLWithPath: path))
        } catch {
            Self.say("halo-bench: cannot write --json \(path): \(error)")
            throw ExitCode.failure
        }
    }

    /// A progress or error line on standard error (the tables go to standard output).
    static func say(_ text: String) {
        Descriptor.writeToStandardError(text + "\n")
    }
}
