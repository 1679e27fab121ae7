/// When OSSIM turns an event of a SID into an alarm: ossim-server computes
/// `risk = floor(priority * asset_value * reliability / 25)` for the source and the destination host,
/// and raises an alarm when risk >= 1. Asset values run 0...5; hosts not in the inventory count as 2.
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

    /// One line for people, e.g. `alarms on hosts valued 3 or more (3*3*3/25 = 1.08); not on hosts
    /// outside the inventory (value 2: 0.72)`.
    public var summary: String {
        guard let lowest = lowestAlarmingAssetValue else {
            return "never alarms (even at asset value 5: \(priority)*5*\(reliability)/25 = \(ratio(5)) < 1)"
        }
        let base = "alarms on hosts valued \(lowest) or more (\(priority)*\(lowest)*\(reliability)/25 = \(ratio(lowest)))"
        let d = Self.defaultAssetValue
        return base + (lowest <= d
            ? "; also on hosts outside the inventory (value \(d))"
            : "; not on hosts outside the inventory (value \(d): \(ratio(d)))")
    }

    private func ratio(_ asset: Int) -> String {
        let hundredths = priority * asset * reliability * 4
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
