import HaloModel

/// Which Halo event types a run delivers (`--types`, `--exclude-types`). An event it refuses is still
/// de-duplicated and moves the checkpoint like any other (it is never read again); it is only not
/// formatted or written, and is counted in ``AccountSummary/filtered``.
public struct EventTypeFilter: Sendable, Hashable {
    /// Only these types (`nil`: every type); an event without a `type` is not among them.
    public var only: Set<String>?
    /// Never these types (an event without a `type` is kept).
    public var except: Set<String>

    public init(only: Set<String>? = nil, except: Set<String> = []) {
        self.only = only
        self.except = except
    }

    /// Every event.
    public static let all = EventTypeFilter()

    /// Whether `event` is delivered.
    public func admits(_ event: HaloEvent) -> Bool {
        guard let type = event.type else { return only == nil }
        return (only?.contains(type) ?? true) && !except.contains(type)
    }
}
