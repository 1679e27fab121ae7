/// What an output vouches for when it reports a batch written: the word the run's summary uses for the
/// events it counted ("delivered" or "sent") follows from it.
public enum DeliveryGuarantee: Sendable, Hashable, CaseIterable {
    /// Every event exactly once, also across a crash: the next run can tell from the output whether a
    /// batch got there (an appended file).
    case exactlyOnce
    /// Every event at least once: a batch counts as written only once the receiver has taken all of it
    /// (a pipe, a unix socket, a TCP server that read to the end); a crash before the checkpoint commits
    /// repeats that batch.
    case atLeastOnce
    /// Handed to a transport that never acknowledges (UDP): a batch counts as written once every message
    /// left this host; what the network or a busy receiver drops is lost unseen.
    case sentUnacknowledged
}
