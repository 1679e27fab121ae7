/// 4. Peak resident set of `halo-events` (and of `halo-sim` serving it) over backlogs of different sizes:
/// the kernel's `ru_maxrss` of each child, taken by `wait4` when it ends.
struct MemoryBench {
    let tools: Tools
    let scale: BenchScale
    let directory: BenchDirectory
    let sidDatabase: String
    static let threads = 8

    func run() throws -> MemoryResult {
        let runs = try scale.memoryBacklogs.map { try measure(backlog: $0, recent: false, name: "memory-\($0)") }
        let recent = try measure(backlog: scale.memoryBacklogs[0], recent: true, name: "memory-recent")
        return MemoryResult(threads: Self.threads, runs: runs, recent: recent)
    }

    /// One catch-up of `backlog` events (over 90 days, or `recent`: the last 20 hours) into a CEF file.
    private func measure(backlog: Int, recent: Bool, name: String) throws -> MemoryResult.Run {
        let simulator = try SimulatorChild(tools, events: backlog, latencyMilliseconds: 0, recent: recent, in: directory, name: name)
        let run = try ConnectorRun.run(
            tools, against: simulator, threads: Self.threads, sidDatabase: sidDatabase, cefFile: directory.file("\(name).cef"),
            in: directory, name: name, timeout: 120 + Double(backlog) / 1_000)
        let served = try simulator.stop()
        directory.remove("\(name).cef")
        try CatchUpBench.expect(run, backlog: backlog)
        return MemoryResult.Run(
            backlog: backlog, haloEventsPeakRssMib: Figure.mib(run.outcome.peakRSS), haloSimPeakRssMib: Figure.mib(served.peakRSS),
            seconds: run.outcome.seconds, cpuSeconds: run.outcome.cpuSeconds)
    }

    /// Peak RSS of the largest backlog over that of the smallest.
    static func growth(_ result: MemoryResult) -> Double? {
        guard let small = result.runs.first, let large = result.runs.last, small.haloEventsPeakRssMib > 0 else { return nil }
        return large.haloEventsPeakRssMib / small.haloEventsPeakRssMib
    }

    func table(_ result: MemoryResult) -> Table {
        var table = Table(
            "4. Memory: peak RSS (kernel ru_maxrss = VmHWM), halo-events --threads \(result.threads) → halo-sim, latency 0",
            columns: ["backlog", "span", "halo-events MiB", "halo-sim MiB", "seconds", "CPU seconds"])
        for (run, span) in result.runs.map({ ($0, "90 days") }) + [(result.recent, "20 hours")].compactMap({ run, span in run.map { ($0, span) } }) {
            table.add([
                String(run.backlog), span, Figure.decimal(run.haloEventsPeakRssMib, 1), Figure.decimal(run.haloSimPeakRssMib, 1),
                Figure.decimal(run.seconds), run.cpuSeconds.map { Figure.decimal($0) } ?? "-",
            ])
        }
        return table
    }
}
