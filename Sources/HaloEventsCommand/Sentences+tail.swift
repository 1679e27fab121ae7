extension Sentences {
    /// `--agent-lag-warning` with a negative number.
    static let negativeAgentLagWarning = "--agent-lag-warning must be 0 (off) or a number of lines"
}
