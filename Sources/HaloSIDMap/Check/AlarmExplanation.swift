/// When OSSIM turns an event of a SID into an alarm: ossim-server computes
/// `risk = floor(priority * asset_value * reliability / 25)` for the source and the destination, and raises
/// an alarm when risk >= 1. Asset values run 0...5, default 2. The destination's value is that of the
/// **network** (Assets › Networks) holding `dst_ip` — the Halo server's address — not the host's own value; the
/// source's (the actor's address, or 0.0.0.0 without one) is the host's value only when IDM resolves it, else 2.
public struct AlarmExplanation: Sendable, Hashable {
    /// The SID's priority (0...5) and reliability (0...10).
    public var priority: Int
    public var reliability: Int

    /// The value OSSIM gives hosts that are not in its asset inventory.
    public static let defaultAssetValue = 2

    public init(priority: Int, reliability: Int) {
        self.priority = priority
        self.reliability = reliability
    }

    /// `floor(priority * asset * reliability / 25)`, clamped to 0...10.
    public func risk(assetValue: Int) -> Int {
        min(10, max(0, priority * assetValue * reliability / 25))
    }

    /// The lowest asset value (0...5) at which an event alarms, or `nil` if it never does.
    public var lowestAlarmingAssetValue: Int? {
        (0...5).first { risk(assetValue: $0) >= 1 }
    }

    /// One line for people, e.g. `alarms when the network holding dst_ip (the Halo server) is valued 3 or more
    /// (3*3*3/25 = 1.08); not at the default value 2 (0.72)`.
    public var summary: String {
        guard let lowest = lowestAlarmingAssetValue else {
            return "never alarms (even at asset value 5: \(priority)*5*\(reliability)/25 = \(ratio(5)) < 1)"
        }
        let base = "alarms when the network holding dst_ip (the Halo server) is valued \(lowest) or more"
            + " (\(priority)*\(lowest)*\(reliability)/25 = \(ratio(lowest)))"
        let d = Self.defaultAssetValue
        return base + (lowest <= d
            ? "; also at the default value \(d), so on every event"
            : "; not at the default value \(d) (\(ratio(d))), nor through src_ip (the actor, or 0.0.0.0: 2 unless IDM knows it)")
    }

    private func ratio(_ asset: Int) -> String {
        let hundredths = priority * asset * reliability * 4
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
