#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloCommandLine
import HaloPlatform

/// One run of the real `halo-events` executable against an emulator, as cron runs it on a sensor: CEF lines
/// appended to a file, SIDs from a SID database, a fresh config directory (so the whole backlog is read).
struct ConnectorRun {
    /// The kernel's account of the connector process.
    var outcome: ChildProcess.Outcome
    /// Lines the connector wrote.
    var lines: Int

    /// Runs `halo-events --threads threads --per-page perPage` against `simulator`, writing CEF to `cefFile`.
    static func run(_ tools: Tools, against simulator: SimulatorChild, threads: Int, perPage: Int = 100, sidDatabase: String, cefFile: String,
                    in directory: BenchDirectory, name: String, timeout: Double) throws -> ConnectorRun {
        let configDirectory = try directory.directory("\(name).state")
        try? FileManager.default.removeItem(atPath: cefFile)
        let outcome = try runChild(
            tools.haloEvents,
            ["--auth", simulator.authFile, "--configdir", configDirectory, "--url", simulator.baseURL,
             "--threads", String(threads), "--per-page", String(perPage), "--sidmap", sidDatabase, "--ceffile", cefFile, "--quiet"],
            in: directory, name: "\(name).events", timeout: timeout)
        return ConnectorRun(outcome: outcome, lines: try Self.countLines(cefFile))
    }

    /// The number of line feeds in `path`.
    static func countLines(_ path: String) throws -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ChildProcess.Failure(description: "the connector wrote no output file \(path)")
        }
        defer { close(fd) }
        var lines = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return lines }
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(.read, path)
            }
            lines += chunk[..<n].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        }
    }
}
