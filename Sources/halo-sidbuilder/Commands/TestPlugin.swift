import ArgumentParser
import Foundation
import HaloSIDMap

struct TestPlugin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-plugin",
        abstract: "Run a log through a plugin as ossim-agent would; print per-rule counts and unmatched lines.",
        discussion: "Exit 1 when a line matches no rule or a function cannot convert a value.")

    @Option(help: ArgumentHelp("The plugin .cfg.", valueName: "file"))
    var plugin: String

    @Argument(help: ArgumentHelp("The log to run through it (`-` for stdin).", valueName: "logfile"))
    var log: String

    @Flag(help: "Also print each parsed event as one JSON object per line.")
    var events = false

    func run() throws {
        var report: PluginTestReport?
        try reportingErrors {
            let tester = try PluginTester(pluginPath: plugin)
            let text = log == "-"
                ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                : try TextFile.read(log)
            report = tester.run(text)
        }
        guard let report else { return }
        if events {
            for event in report.events { print(event.json) }
        }
        print(report.summary, terminator: "")
        if !report.unmatched.isEmpty || report.events.contains(where: { !$0.problems.isEmpty }) {
            throw ExitCode(Exit.problemsFound)
        }
    }
}
