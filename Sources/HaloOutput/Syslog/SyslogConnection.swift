import HaloPlatform
import NIOCore

/// The connection a syslog sender keeps from one batch to the next: reused while it is active, opened anew
/// when there is none or it went away (the daemon restarted, a write failed, an attempt timed out).
actor SyslogConnection {
    private let open: @Sendable () async throws -> any Channel
    private var channel: (any Channel)?

    /// A connection that `open` makes when one is needed.
    init(open: @escaping @Sendable () async throws -> any Channel) {
        self.open = open
    }

    /// The active channel, opened if there is none.
    func active() async throws -> any Channel {
        if let channel, channel.isActive { return channel }
        await drop()
        let channel = try await open()
        self.channel = channel
        return channel
    }

    /// Closes the channel, if any: the next ``active()`` opens a new one.
    func drop() async {
        guard let channel else { return }
        self.channel = nil
        try? await channel.close()
    }
}

extension RetryPolicy {
    /// The syslog sinks' default: 6 attempts a batch, waits from 200 ms doubling to 5 s (no jitter), 60 s an
    /// attempt, no bound on the whole batch beyond that.
    public static let syslog = RetryPolicy(
        maxAttempts: 6, baseDelay: .milliseconds(200), maxDelay: .seconds(5), attemptTimeout: .seconds(60), maxTotalTime: nil,
        jitter: false)
}
