/// Why a syslog sink could not deliver a batch.
public struct SyslogDeliveryError: Error, CustomStringConvertible {
    /// Where the sink sends, e.g. `tcp 127.0.0.1:514` or `unix socket /dev/log`.
    public var destination: String
    public var attempts: Int
    /// The last failure, as the system or NIO reported it.
    public var reason: String

    public var description: String {
        "could not send syslog messages to \(destination) (\(attempts) attempt\(attempts == 1 ? "" : "s")): \(reason). "
            + "Check that the syslog daemon is running and accepts messages there; "
            + "the batch was not reported written, so the checkpoint stays and the next run sends these events again."
    }
}
