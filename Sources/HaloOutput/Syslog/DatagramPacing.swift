/// The rate at which UDP datagrams leave: UDP has no flow control, so a sender faster than the receiver
/// reads overflows its socket buffer and every datagram beyond it is dropped unseen.
///
/// Datagrams go out in slices of a millisecond's worth (at least one), each slice at its place in a
/// schedule of ``messagesPerSecond``; a sender that was idle (between batches) starts a new schedule
/// rather than catching up in a burst.
public struct DatagramPacing: Sendable, Hashable {
    /// Datagrams a second, at least 1.
    public let messagesPerSecond: Int

    /// The default, 2 500 a second: into a default rsyslogd (8.2302, `imudp` with the kernel's 208 KiB
    /// socket buffer) on the same two-core host, 100 000 events from `halo-events` all arrived at 2 500 a
    /// second with the cores overloaded (load 7), while 5 000 and 10 000 lost a few hundred there (none or
    /// a few dozen on a merely busy host) and unpaced lost two thirds (`docs/formats.md`, "Remote syslog").
    public static let `default` = DatagramPacing(messagesPerSecond: 2_500)

    public init(messagesPerSecond: Int) {
        self.messagesPerSecond = max(1, messagesPerSecond)
    }

    /// Datagrams sent together, then the schedule waits: a millisecond's worth.
    var slice: Int { max(1, messagesPerSecond / 1_000) }

    /// How long `count` datagrams take at this rate.
    func duration(of count: Int) -> Duration { .seconds(count) / messagesPerSecond }
}

/// Where a ``DatagramPacing`` schedule stands: when the next slice may go.
struct PacingSchedule: Sendable {
    let pacing: DatagramPacing
    private var next: ContinuousClock.Instant?

    init(_ pacing: DatagramPacing) { self.pacing = pacing }

    /// Books `count` datagrams about to go at `now`, and returns when they may go: where the schedule
    /// stands, or `now` when it is behind by more than a slice (the sender was idle, not slow: no burst
    /// to catch up).
    mutating func book(_ count: Int, now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let start = next.map { $0 < now - pacing.duration(of: pacing.slice) ? now : $0 } ?? now
        next = start + pacing.duration(of: count)
        return start
    }
}
