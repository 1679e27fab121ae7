import ArgumentParser
import HaloModel
import HaloSIDMap
import HaloSimulator

extension HaloSimCommand {
    /// The emulator configuration the options describe.
    func simulatorConfiguration() throws -> SimulatorConfiguration {
        var c = SimulatorConfiguration()
        c.accounts = accounts
        c.eventsPerAccount = events
        c.seed = seed
        if let now {
            guard let t = HaloTimestamp(iso8601: now) else {
                throw ValidationError("--now '\(now)' is not an ISO-8601 timestamp such as 2024-05-01T12:00:00Z")
            }
            c.now = t
        }
        c.span = span.duration
        c.tokenLifetime = tokenLifetime.duration
        c.latency = latency.duration
        c.rateLimit = rateLimit > 0 ? RateLimit(requests: rateLimit, per: rateWindow.duration) : nil
        c.adversarialShare = adversarialShare
        if noBursts {
            c.bursts = nil
        } else {
            let bounds = burstSize.split(separator: "-").compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] <= bounds[1] else {
                throw ValidationError("--burst-size '\(burstSize)' is not MIN-MAX, e.g. 20-250")
            }
            c.bursts = Bursts(every: burstEvery, sizes: bounds[0]...bounds[1])
        }
        c.lateArrivals = noLate ? nil : LateArrivals(every: lateEvery, window: lateWindow.duration, delay: lateDelay.duration, waves: lateWaves)
        c.oldStyleShare = oldStyleShare
        c.faults = try faults.map { spec in
            do {
                return try FaultRule(spec: spec, retryAfter: retryAfter, slowDelay: slowDelay.duration)
            } catch let error as SimulatorConfigurationError {
                throw ValidationError(error.description)
            }
        }
        c.catalogue = catalogue == .seed ? .sidSeed : .default
        do {
            try c.validate()
        } catch let error as SimulatorConfigurationError {
            throw ValidationError(error.description)
        }
        return c
    }
}

/// Which event types `--catalogue` selects.
enum CatalogueChoice: String, ExpressibleByArgument, CaseIterable {
    case seed, builtin
}

extension EventCatalogue {
    /// Every type and legacy name of the built-in SID seed, plus invented types the seed does not know.
    static var sidSeed: EventCatalogue {
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
