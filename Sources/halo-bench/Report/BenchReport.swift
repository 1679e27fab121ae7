/// Every figure of one benchmark run, as `--json FILE` writes it (snake_case keys).
struct BenchReport: Codable {
    /// `full` or `quick`.
    var mode: String
    var machine: Machine
    var formatting: FormattingResult?
    var decoding: DecodingResult?
    var catchUp: CatchUpResult?
    var memory: MemoryResult?
    var agentCost: AgentCostResult?
    var sidBuilder: SIDBuilderResult?
    /// Each target of issue 6 against its measured figure.
    var targets: [TargetCheck] = []
}

/// 1. Events per second and nanoseconds per event of each format, one core.
struct FormattingResult: Codable {
    struct Format: Codable {
        var format: String
        var eventsPerSecond: Double
        var nsPerEvent: Double
        var bytesPerLine: Double
    }
    var events: Int
    var adversarialShare: Double
    var formats: [Format]
}

/// 2. Raw page bytes to event values, as the connector decodes them.
struct DecodingResult: Codable {
    var events: Int
    var pages: Int
    var eventsPerSecond: Double
    var nsPerEvent: Double
    var mibPerSecond: Double
}

/// 3. `halo-events` catching up on a backlog from `halo-sim` with latency per request.
struct CatchUpResult: Codable {
    struct Run: Codable {
        var threads: Int
        var perPage: Int
        var events: Int
        var seconds: Double
        var eventsPerSecond: Double
        var idealEventsPerSecond: Double
        var ratioToIdeal: Double
        var connectorCPUSeconds: Double
        var emulatorCPUSeconds: Double
    }
    var backlog: Int
    var latencyMilliseconds: Int
    var runs: [Run]
    /// Pages per second the emulator serves to a minimal client (8 connections, bodies discarded), latency 0, × 100.
    var emulatorCeilingEventsPerSecond: Double
    /// `halo-events --threads 8` against the emulator with latency 0 (both on this machine's cores).
    var latencyZeroEventsPerSecond: Double
}

/// 4. Peak resident set sizes (the kernel's `ru_maxrss`, i.e. VmHWM) over backlogs of different sizes.
struct MemoryResult: Codable {
    struct Run: Codable {
        var backlog: Int
        var haloEventsPeakRssMib: Double
        var haloSimPeakRssMib: Double
        var seconds: Double
        /// CPU seconds (user + system) of `halo-events`.
        var cpuSeconds: Double?
    }
    var threads: Int
    /// Backlogs spread over 90 days (the ids of the last 24 hours are kept for late arrivals: few).
    var runs: [Run]
    /// The smallest backlog within the last 20 hours: every id is kept (up to 50 000) and rewritten with each batch.
    var recent: Run?
}

/// 5. The ossim-agent's CPU per CEF line, from bench/agent_cost.py.
struct AgentCostResult: Codable {
    var lines: Int
    var usPerLine: Double
    var matchOnlyUsPerLine: Double
    var fieldsPerLine: Double
    var unmatchedLines: Int
    var linesByRule: [String: Int]
    var python: String
}

/// 6. `halo-sidbuilder` on a SID table grown by many new types.
struct SIDBuilderResult: Codable {
    var types: Int
    var syncSeconds: Double
    var sqlSeconds: Double
    var pluginSeconds: Double
    var totalSeconds: Double
}

/// One target and whether the measured figure meets it.
struct TargetCheck: Codable {
    var name: String
    var target: String
    var measured: String
    var met: Bool
}
