import ArgumentParser

extension HaloEventsCommand {
    /// Parses the command line and runs the command it names. An argument error is one line on standard
    /// error that names the program (`halo-events: error: …`, timestamped as every diagnostic) and exits 64;
    /// `--help` and `--version` print on standard output as usual.
    public static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure, !(error is ExitCode) else { exit(withError: error) }
            // The parser's help line of the flag at fault (`Help:  --starting <ISO8601>  Where …`), when it gives one.
            let help = fullMessage(for: error).split(separator: "\n").first { $0.hasPrefix("Help:") }
                .map { $0.dropFirst("Help:".count).split(separator: "  ").map { $0.trimmingPrefix(" ") }.filter { !$0.isEmpty }.joined(separator: ": ") }
            Diagnostics.standardError.error(Sentences.argumentError(message(for: error), help: help))
            exit(withError: code)
        }
    }
}
