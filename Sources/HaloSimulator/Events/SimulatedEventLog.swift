/// Every event one account will ever serve, late arrivals included, in `created_at` order.
///
/// A lazy collection: events are generated when read, so a million-event log costs no memory.
/// This is the ground truth tests compare a connector's output with.
public struct SimulatedEventLog: RandomAccessCollection, Sendable {
    /// The account the events belong to.
    public let account: SimulatedAccount
    let generator: EventGenerator

    /// The log of `account` (0-based) under `configuration`, without starting a server.
    public init(configuration: SimulatorConfiguration, account: Int) {
        precondition((0..<configuration.accounts).contains(account), "account \(account) is not within 0..<\(configuration.accounts)")
        self.account = configuration.simulatedAccounts[account]
        self.generator = EventGenerator(configuration: configuration, account: account)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { generator.timeline.count }
    public subscript(position: Int) -> SimulatedEvent { generator.event(position) }

    /// The late arrivals (events hidden at first), in order.
    public var lateArrivals: [SimulatedEvent] {
        guard let late = generator.timeline.late else { return [] }
        return (0..<late.count).map { generator.event(late.first + late.every * ($0 + 1) - 1) }
    }

    /// The runs of events sharing one `created_at` placed as bursts (index ranges).
    public var bursts: [Range<Int>] {
        guard let settings = generator.timeline.bursts, !isEmpty else { return [] }
        return (0...((count - 1) / settings.every)).compactMap { generator.timeline.burst(inBlock: $0) }
    }
}
