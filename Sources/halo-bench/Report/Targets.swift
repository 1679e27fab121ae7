/// The targets of issue 6, checked against a report's figures (only those the run measured).
enum Targets {
    static let catchUpRatio = 0.9
    static let cefEventsPerSecond = 500_000.0
    static let decodingEventsPerSecond = 100_000.0
    static let peakRSSMiB = 64.0
    /// "Flat": the peak RSS of the large backlog at most this much above that of the small one.
    static let flatGrowth = 1.10
    static let agentMicrosecondsPerLine = 40.0

    static func check(_ report: BenchReport) -> [TargetCheck] {
        var checks: [TargetCheck] = []
        if let catchUp = report.catchUp, let threads = catchUp.runs.map(\.threads).max(),
           let ratio = CatchUpBench.targetRatio(catchUp, threads: threads) {
            checks.append(TargetCheck(
                name: "catch-up at \(threads) threads", target: "≥ \(catchUpRatio) of min(ideal, emulator ceiling)",
                measured: Figure.decimal(ratio), met: ratio >= catchUpRatio))
        }
        if let cef = report.formatting?.formats.first(where: { $0.format == "cef" }) {
            checks.append(TargetCheck(
                name: "CEF formatting", target: "≥ \(Figure.integer(cefEventsPerSecond)) events/s",
                measured: Figure.integer(cef.eventsPerSecond) + " events/s", met: cef.eventsPerSecond >= cefEventsPerSecond))
        }
        if let decoding = report.decoding {
            checks.append(TargetCheck(
                name: "decoding", target: "≥ \(Figure.integer(decodingEventsPerSecond)) events/s",
                measured: Figure.integer(decoding.eventsPerSecond) + " events/s", met: decoding.eventsPerSecond >= decodingEventsPerSecond))
        }
        if let memory = report.memory, let large = memory.runs.last, let growth = MemoryBench.growth(memory) {
            checks.append(TargetCheck(
                name: "halo-events peak RSS at \(large.backlog) events", target: "≤ \(Figure.integer(peakRSSMiB)) MiB",
                measured: Figure.decimal(large.haloEventsPeakRssMib, 1) + " MiB", met: large.haloEventsPeakRssMib <= peakRSSMiB))
            checks.append(TargetCheck(
                name: "halo-events peak RSS flat (\(memory.runs.first!.backlog) → \(large.backlog) events)",
                target: "growth ≤ \(Figure.decimal(flatGrowth))×", measured: Figure.decimal(growth) + "×", met: growth <= flatGrowth))
        }
        if let recent = report.memory?.recent {
            checks.append(TargetCheck(
                name: "halo-events peak RSS, \(recent.backlog) events of the last 20 hours", target: "≤ \(Figure.integer(peakRSSMiB)) MiB",
                measured: Figure.decimal(recent.haloEventsPeakRssMib, 1) + " MiB", met: recent.haloEventsPeakRssMib <= peakRSSMiB))
        }
        if let agent = report.agentCost {
            checks.append(TargetCheck(
                name: "plugin (agent cost, all fields)", target: "≤ \(Figure.integer(agentMicrosecondsPerLine)) µs/line",
                measured: Figure.decimal(agent.usPerLine) + " µs/line", met: agent.usPerLine <= agentMicrosecondsPerLine && agent.unmatchedLines == 0))
        }
        return checks
    }

    static func table(_ checks: [TargetCheck]) -> Table {
        var table = Table("Targets", columns: ["target", "wanted", "measured", "met"])
        for check in checks { table.add([check.name, check.target, check.measured, check.met ? "yes" : "NO"]) }
        return table
    }
}
