import HaloSIDMap

extension EventCatalogue {
    /// Every type and legacy name of the built-in SID seed, plus invented types the seed does not know.
    public static var sidSeed: EventCatalogue {
        let table = SIDSeed.builtIn
        let types = table.eventTypes.map { info in
            SimulatedEventType(type: info.type, name: info.displayName, kind: kind(of: info))
        }
        return EventCatalogue(
            types: types,
            unknownTypes: EventCatalogue.inventedTypes.filter { table.entry(type: $0.type) == nil },
            legacyNames: table.legacyEventNames.map { SimulatedLegacyName(name: $0.name) }
        )
    }

    /// The field layout of a seed type: the seed says who causes it, the type's spelling says what it is.
    private static func kind(of info: HaloEventTypeInfo) -> SimulatedEventKind {
        let inferred = SimulatedEventKind.inferred(fromType: info.type)
        switch info.origin {
        case .actor: return .actor
        case .server: return inferred == .actor ? .server : inferred
        case .any: return inferred
        }
    }
}
