import HaloOutput

extension Sentences {
    /// How many events a run handed to its output, in the word its guarantee allows: `4000 events
    /// delivered`, or over UDP `4000 events sent (unacknowledged)`, since nothing says they arrived.
    public static func handedOver(_ count: Int, _ guarantee: DeliveryGuarantee) -> String {
        let events = "\(count) event\(count == 1 ? "" : "s")"
        switch guarantee {
        case .exactlyOnce, .atLeastOnce: return "\(events) delivered"
        case .sentUnacknowledged: return "\(events) sent (unacknowledged)"
        }
    }
}
