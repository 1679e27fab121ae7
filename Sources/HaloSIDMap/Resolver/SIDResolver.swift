import HaloModel

/// Maps events to SIDs: by `type`, then by legacy lower-case `name`, else the generic SID. Built once
/// (from a SID database or the built-in seed); ``classify(_:)`` is two dictionary lookups.
public struct SIDResolver: Sendable {
    private let byType: [String: EventClassification]
    private let byLegacyName: [String: EventClassification]

    /// A resolver for `table`.
    public init(table: SIDTable) {
        var byType: [String: EventClassification] = [:]
        var byLegacyName: [String: EventClassification] = [:]
        for entry in table.entries {
            let classification = entry.classification
            for type in entry.types { byType[type] = classification }
            for name in entry.legacyNames { byLegacyName[name.lowercased()] = classification }
        }
        self.byType = byType
        self.byLegacyName = byLegacyName
    }

    /// The resolver for the seed built into the library (what the connector uses without `--sidmap`).
    public static let builtIn = SIDResolver(table: SIDSeed.builtIn)

    /// The event's SID and name: by its `type`, then its `name` compared case-insensitively with the
    /// legacy names, else ``EventClassification/generic``.
    public func classify(_ event: HaloEvent) -> EventClassification {
        if let type = event.type, let found = byType[type] { return found }
        if let name = event.name, let found = byLegacyName[name.lowercased()] { return found }
        return .generic
    }
}
