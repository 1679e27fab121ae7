#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloCommandLine

/// 3. The real `halo-events` catching up on a backlog served by the real `halo-sim` with a latency per
/// request, at several `--threads`; then the emulator's own ceiling (latency 0).
struct CatchUpBench {
    let tools: Tools
    let scale: BenchScale
    let directory: BenchDirectory
    let sidDatabase: String

    /// The figures, and the CEF file of the run with the most threads (the agent-cost input).
    func run() async throws -> (CatchUpResult, cefFile: String) {
        let backlog = scale.catchUpBacklog
        let latency = scale.catchUpLatencyMilliseconds
        var runs: [CatchUpResult.Run] = []
        var kept = ""
        // The emulator serves up to 500 a page (CloudPassage's own Splunk app asks that many); every --threads
        // at the documented 100, then the default --threads at 500.
        let simulator = try SimulatorChild(tools, events: backlog, latencyMilliseconds: latency, maxPerPage: 500, in: directory, name: "catchup")
        for (threads, perPage) in scale.catchUpThreads.map({ ($0, 100) }) + [(4, 500)] {
            let ideal = Double(threads) * Double(perPage) / (Double(latency) / 1000)
            let name = perPage == 100 ? "catchup-\(threads)" : "catchup-\(threads)-\(perPage)"
            let cefFile = directory.file("\(name).cef")
            let emulatorCPU = simulator.process.cpuSecondsSoFar()
            let run = try ConnectorRun.run(
                tools, against: simulator, threads: threads, perPage: perPage, sidDatabase: sidDatabase, cefFile: cefFile,
                in: directory, name: name, timeout: 60 + 10 * Double(backlog) / ideal)
            try Self.expect(run, backlog: backlog)
            let rate = Double(run.lines) / run.outcome.seconds
            runs.append(CatchUpResult.Run(
                threads: threads, perPage: perPage, events: run.lines, seconds: run.outcome.seconds, eventsPerSecond: rate,
                idealEventsPerSecond: ideal, ratioToIdeal: rate / ideal, connectorCPUSeconds: run.outcome.cpuSeconds,
                emulatorCPUSeconds: simulator.process.cpuSecondsSoFar() - emulatorCPU))
            // The agent cost is measured on the CEF of the run with the most threads at 100 a page.
            if perPage == 100 {
                if !kept.isEmpty { try? FileManager.default.removeItem(atPath: kept) }
                kept = cefFile
            } else {
                try? FileManager.default.removeItem(atPath: cefFile)
            }
        }
        try simulator.stop()

        let unlimited = try SimulatorChild(tools, events: backlog, latencyMilliseconds: 0, in: directory, name: "ceiling")
        let ceiling = try await EmulatorCeiling(pages: scale.ceilingPages, connections: 8, fullPages: min(99, backlog / 100)).measure(unlimited)
        let direct = try ConnectorRun.run(
            tools, against: unlimited, threads: 8, sidDatabase: sidDatabase, cefFile: directory.file("ceiling.cef"),
            in: directory, name: "ceiling", timeout: 600)
        try Self.expect(direct, backlog: backlog)
        directory.remove("ceiling.cef")
        try unlimited.stop()
        let result = CatchUpResult(
            backlog: backlog, latencyMilliseconds: latency, runs: runs, emulatorCeilingEventsPerSecond: ceiling,
            latencyZeroEventsPerSecond: Double(direct.lines) / direct.outcome.seconds)
        return (result, kept)
    }

    /// The connector must have delivered the whole backlog, exactly once.
    static func expect(_ run: ConnectorRun, backlog: Int) throws {
        guard run.lines == backlog else {
            throw ChildProcess.Failure(description: "halo-events wrote \(run.lines) lines for a backlog of \(backlog) events")
        }
    }

    /// The ratio the target is judged by: to the ideal, or to the emulator's ceiling when that is lower.
    static func targetRatio(_ result: CatchUpResult, threads: Int) -> Double? {
        guard let run = result.runs.first(where: { $0.threads == threads && $0.perPage == 100 }) else { return nil }
        return run.eventsPerSecond / min(run.idealEventsPerSecond, result.emulatorCeilingEventsPerSecond)
    }

    func table(_ result: CatchUpResult) -> Table {
        var table = Table(
            "3. Catch-up: halo-events → halo-sim, backlog \(result.backlog), latency \(result.latencyMilliseconds) ms per request, CEF to a file as cron writes it",
            columns: ["--threads", "--per-page", "events/s", "ideal events/s", "ratio", "seconds", "connector CPU s", "emulator CPU s"])
        for run in result.runs {
            table.add([
                String(run.threads), String(run.perPage), Figure.integer(run.eventsPerSecond), Figure.integer(run.idealEventsPerSecond),
                Figure.decimal(run.ratioToIdeal), Figure.decimal(run.seconds), Figure.decimal(run.connectorCPUSeconds),
                Figure.decimal(run.emulatorCPUSeconds),
            ])
        }
        table.add(["ceiling", "100", Figure.integer(result.emulatorCeilingEventsPerSecond), "", "", "", "", ""])
        table.add(["8, latency 0", "100", Figure.integer(result.latencyZeroEventsPerSecond), "", "", "", "", ""])
        table.notes = [
            "ideal = threads × per-page / latency; ratio = events/s / ideal; CPU s = the process's user + system time in the run",
            "ceiling: the emulator alone at latency 0 (a minimal client, 8 connections, bodies dropped)",
            "8, latency 0: halo-events --threads 8 against the emulator at latency 0 (both on this machine's cores)",
        ]
        return table
    }
}
