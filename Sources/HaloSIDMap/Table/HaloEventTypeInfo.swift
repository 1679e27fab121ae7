/// Who causes an event of a type, as far as the SID table can tell from the fields its rule extracts:
/// the emulator uses it to fill an event with server fields, actor fields, or both.
public enum EventOrigin: String, Sendable, Hashable {
    /// A server-side event (FIM, configuration, vulnerability, LIDS findings; server lifecycle).
    case server
    /// A person or API client in the Halo portal (logins, users, keys, policies).
    case actor
    /// Either, or both at once.
    case any
}

/// One Halo event type of the table, for tools that make events (the emulator, benchmarks).
public struct HaloEventTypeInfo: Sendable, Hashable {
    /// The `type` key, e.g. `halo_login_failure`.
    public var type: String
    /// The SID the type maps to.
    public var sid: Int
    /// A display name for the event's `name` field (the table's name without its `Halo: ` prefix).
    public var displayName: String
    /// The OSSIM category and subcategory names.
    public var category: String, subcategory: String
    /// Which fields events of this type carry.
    public var origin: EventOrigin
    /// Whether the SID is on the elevation list.
    public var elevated: Bool
    /// Whether this key is an extra spelling of another type of the same SID.
    public var isAlias: Bool
}

/// A legacy event name (old events without `type`) and its SID.
public struct LegacyEventName: Sendable, Hashable {
    /// The lower-case name, as the table matches it.
    public var name: String
    public var sid: Int
}

extension SIDTable {
    /// Every Halo `type` key in the table, ordered by SID (aliases after the type they spell differently);
    /// not the connector's own health types (``SIDRanges/connectorHealth``), which Halo never serves.
    public var eventTypes: [HaloEventTypeInfo] {
        let taxonomy = OSSIMTaxonomy.builtIn
        return entries.filter { !SIDRanges.connectorHealth.contains($0.sid) }.flatMap { entry in
            entry.types.enumerated().map { index, type in
                HaloEventTypeInfo(
                    type: type, sid: entry.sid, displayName: entry.displayName,
                    category: taxonomy.categories[entry.categoryID]?.name ?? String(entry.categoryID),
                    subcategory: taxonomy.subcategories[entry.subcategoryID]?.name ?? String(entry.subcategoryID),
                    origin: origin(of: entry), elevated: entry.elevated, isAlias: index > 0)
            }
        }
    }

    /// Every legacy name in the table, ordered by SID.
    public var legacyEventNames: [LegacyEventName] {
        entries.flatMap { entry in entry.legacyNames.map { LegacyEventName(name: $0, sid: entry.sid) } }
    }

    /// Where events of this entry come from, judged by its field set.
    public func origin(of entry: SIDEntry) -> EventOrigin {
        guard let set = fieldSet(named: entry.fieldSet) else { return .any }
        let actor = set.fields.contains(.srcIP) || set.fields.contains(.username)
        let server = set.fields.contains(.dstIP)
        return actor == server ? .any : (actor ? .actor : .server)
    }
}

extension SIDEntry {
    /// The name without the `Halo: ` prefix OSSIM names carry.
    public var displayName: String {
        name.hasPrefix("Halo: ") ? String(name.dropFirst(6)) : name
    }
}
