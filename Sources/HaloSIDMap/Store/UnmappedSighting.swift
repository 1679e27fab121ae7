#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloModel

/// Events of one type (or, for old events without a type, one name) that the SID table did not map,
/// as the connector saw them.
public struct UnmappedSighting: Sendable, Hashable {
    /// The event `type`; `nil` for old events known by name only.
    public var type: String?
    /// The event `name` (the last one seen).
    public var name: String?
    /// How many such events.
    public var count: Int
    /// When the first and the last of them happened (their `created_at`, else when they were seen).
    public var firstSeen: Date
    public var lastSeen: Date

    public init(type: String?, name: String?, count: Int, firstSeen: Date, lastSeen: Date) {
        self.type = type
        self.name = name
        self.count = count
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }

    /// How the table would map it: by type, else by lower-case name; `nil` when the event had neither.
    var key: (kind: AliasKind, key: String)? {
        if let type, !type.isEmpty { return (.type, type) }
        if let name, !name.isEmpty { return (.name, name.lowercased()) }
        return nil
    }
}

/// Collects unmapped events (the connector: those of one committed batch) for ``SIDStore/recordUnmapped(_:)``.
public struct UnmappedTally: Sendable {
    private var sightings: [String: UnmappedSighting] = [:]
    private var order: [String] = []

    public init() {}

    /// Counts `event` if `classification` says the table did not map it. `seenAt` is used when the event
    /// has no readable `created_at`.
    public mutating func note(_ event: HaloEvent, classification: EventClassification, seenAt: Date = Date()) {
        guard !classification.isMapped else { return }
        let when = event.createdAt.map { Date(timeIntervalSince1970: $0.secondsSince1970) } ?? seenAt
        let probe = UnmappedSighting(type: event.type, name: event.name, count: 1, firstSeen: when, lastSeen: when)
        guard let (kind, key) = probe.key else { return }
        let id = kind.rawValue + ":" + key
        if var known = sightings[id] {
            known.count += 1
            known.firstSeen = min(known.firstSeen, when)
            known.lastSeen = max(known.lastSeen, when)
            if let name = event.name { known.name = name }
            sightings[id] = known
        } else {
            sightings[id] = probe
            order.append(id)
        }
    }

    /// The sightings, in the order their types were first seen.
    public var all: [UnmappedSighting] { order.compactMap { sightings[$0] } }
}
