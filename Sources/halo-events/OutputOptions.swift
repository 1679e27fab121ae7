import ArgumentParser
import HaloConnector
import HaloOutput

/// The output flags of the original connector (one output per run; JSON lines on stdout by default).
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Append JSON lines (the events as received) to FILE.", valueName: "FILE"))
    var jsonfile: String?

    @Option(help: ArgumentHelp("Append key=value lines to FILE.", valueName: "FILE"))
    var kvfile: String?

    @Flag(help: "Write key=value lines to standard output.")
    var kv = false

    @Flag(help: "Write CEF lines (the OSSIM plugin's input) to standard output.")
    var cef = false

    @Option(help: ArgumentHelp("Append CEF lines (the OSSIM plugin's input) to FILE.", valueName: "FILE"))
    var ceffile: String?

    @Option(help: ArgumentHelp("Append LEEF 1.0 lines to FILE.", valueName: "FILE"))
    var leeffile: String?

    /// The chosen format and destination.
    func resolve() throws(UsageError) -> (any EventFormatter, OutputDestination) {
        var chosen: [(flag: String, formatter: any EventFormatter, destination: OutputDestination)] = []
        if let jsonfile { chosen.append(("--jsonfile", JSONFormatter(), .file(jsonfile))) }
        if let kvfile { chosen.append(("--kvfile", KeyValueFormatter(), .file(kvfile))) }
        if kv { chosen.append(("--kv", KeyValueFormatter(), .standardOutput)) }
        if cef { chosen.append(("--cef", CEFFormatter(), .standardOutput)) }
        if let ceffile { chosen.append(("--ceffile", CEFFormatter(), .file(ceffile))) }
        if let leeffile { chosen.append(("--leeffile", LEEFFormatter(), .file(leeffile))) }
        guard chosen.count <= 1 else {
            throw UsageError(
                "choose one output; got \(chosen.map(\.flag).joined(separator: " and ")) (run one halo-events per output, each with its own --configdir)")
        }
        for (flag, path) in [("--jsonfile", jsonfile), ("--kvfile", kvfile), ("--ceffile", ceffile), ("--leeffile", leeffile)] {
            if let path, path.isEmpty { throw UsageError("\(flag) needs a file name") }
        }
        guard let output = chosen.first else { return (JSONFormatter(), .standardOutput) }
        return (output.formatter, output.destination)
    }
}
