#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloCommandLine
import HaloPlatform

/// The programs the benchmark runs: the toolkit's own executables (beside `halo-bench` unless `--bin`
/// says otherwise), Python, and the agent-cost script.
struct Tools {
    let binDirectory: String
    let python: String
    let agentScript: String

    var haloEvents: String { binDirectory + "/halo-events" }
    var haloSim: String { binDirectory + "/halo-sim" }
    var haloSIDBuilder: String { binDirectory + "/halo-sidbuilder" }

    /// `program` as given when it holds a `/`, else the first executable of that name on `PATH`.
    static func resolve(_ program: String) -> String {
        guard !program.contains("/") else { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where access("\(directory)/\(program)", X_OK) == 0 {
            return "\(directory)/\(program)"
        }
        return program
    }

    /// `bench/agent_cost.py` of the working directory, else of the source tree `halo-bench` was built from.
    static var defaultAgentScript: String {
        let relative = "bench/agent_cost.py"
        if FileManager.default.fileExists(atPath: relative) { return relative }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(relative).path
    }

    /// Checks that every program is there (Python and the script only when `agentCost`), naming the first
    /// one missing and how to get it.
    func check(agentCost: Bool) throws {
        for program in [haloEvents, haloSim, haloSIDBuilder] where access(program, X_OK) != 0 {
            throw ChildProcess.Failure(description: "\(program) is missing: build every product (swift build -c release), or point --bin at them")
        }
        guard agentCost else { return }
        guard access(python, X_OK) == 0 else {
            throw ChildProcess.Failure(description: "no Python interpreter at \(python): install python3, or give --python")
        }
        guard FileManager.default.fileExists(atPath: agentScript) else {
            throw ChildProcess.Failure(description: "the agent-cost script \(agentScript) is missing: run halo-bench from the repository, or give --agent-script")
        }
    }
}
