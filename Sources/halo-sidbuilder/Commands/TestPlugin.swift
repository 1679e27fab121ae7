import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform
import HaloSIDMap

struct TestPlugin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-plugin",
        abstract: "Run a log through a plugin as ossim-agent would; print per-rule counts and unmatched lines.",
        discussion: "Models ossim-agent 5.8: the log decoded and split into lines as the agent's reader does, rules matched with the line's end, custom functions, tzone, the agent's src_ip/dst_ip rules and OSSIM's column widths. Exit 1 when a line matches no rule, a function cannot convert a value, or the agent would drop an event.")

    @Option(help: ArgumentHelp("The plugin .cfg.", valueName: "file"))
    var plugin: String

    @Argument(help: ArgumentHelp("The log to run through it (`-` for stdin).", valueName: "logfile"))
    var log: String

    @Flag(help: "Also print each event as one JSON object per line: the fields OSSIM stores.")
    var events = false

    @Option(help: ArgumentHelp("How the agent reads the plugin and log: utf-8 (the [plugins] line ends in |utf-8) or latin1 (no suffix).", valueName: "encoding"))
    var encoding = AgentSettings.Encoding.utf8.rawValue

    @Option(help: ArgumentHelp("The sensor's time zone, used when the plugin has no tzone.", valueName: "zone"))
    var sensorTimezone = "UTC"

    @Option(help: ArgumentHelp("The sensor's address, which the agent stores in place of a loopback src_ip or dst_ip.", valueName: "ip"))
    var sensorIP = "192.0.2.1"

    func validate() throws {
        guard AgentSettings.Encoding(rawValue: encoding) != nil else {
            throw ValidationError("--encoding is one of: \(AgentSettings.Encoding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ZoneTime.isKnown(sensorTimezone) else { throw ValidationError("unknown time zone `\(sensorTimezone)`") }
    }

    func run() throws {
        var report: PluginTestReport?
        try reportingErrors {
            let encoding = AgentSettings.Encoding(rawValue: encoding)!
            var tester = try PluginTester(pluginPath: plugin, encoding: encoding)
            tester.settings = AgentSettings(encoding: encoding, timeZone: sensorTimezone, sensorIP: sensorIP)
            let data = log == "-" ? Data(try Descriptor.readAll(0, from: "standard input")) : try TextFile.readData(log)
            report = tester.run(data)
        }
        guard let report else { return }
        if events {
            for event in report.events { print(event.json) }
        }
        print(report.summary, terminator: "")
        if !report.unmatched.isEmpty || report.events.contains(where: { !$0.problems.isEmpty || $0.stored == nil }) {
            throw ExitCode(Exit.problemsFound)
        }
    }
}
