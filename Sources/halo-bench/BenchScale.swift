/// How much work each measurement does: the full benchmark of issue 6, or `--quick`, small enough for CI.
struct BenchScale {
    /// Generated events formatted by each format.
    var formattingEvents: Int
    /// Events decoded, in pages of 100.
    var decodingEvents: Int
    /// The backlog the connector catches up on, and the emulator's latency per request.
    var catchUpBacklog: Int
    var catchUpLatencyMilliseconds: Int
    var catchUpThreads: [Int]
    /// Pages fetched by the minimal client that measures the emulator's own ceiling.
    var ceilingPages: Int
    /// The backlogs of the memory runs (the last one is the large one).
    var memoryBacklogs: [Int]
    /// Types added to the SID table before timing `sync`, `sql` and `plugin`.
    var sidBuilderTypes: Int
    /// Passes of the agent-cost script over the CEF output (its best is reported).
    var agentPasses: Int

    static let full = BenchScale(
        formattingEvents: 200_000, decodingEvents: 200_000,
        catchUpBacklog: 200_000, catchUpLatencyMilliseconds: 20, catchUpThreads: [1, 2, 4, 8],
        ceilingPages: 3_000, memoryBacklogs: [100_000, 1_000_000], sidBuilderTypes: 10_000, agentPasses: 2)

    static let quick = BenchScale(
        formattingEvents: 3_000, decodingEvents: 3_000,
        catchUpBacklog: 2_000, catchUpLatencyMilliseconds: 20, catchUpThreads: [1, 2, 4, 8],
        ceilingPages: 100, memoryBacklogs: [1_000, 5_000], sidBuilderTypes: 200, agentPasses: 1)
}
