import ArgumentParser
import HaloCommandLine
import HaloModel
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
        if let lateness, !noLate {
            let bounds = lateness.split(separator: "-").compactMap { DurationArgument(argument: String($0))?.duration }
            guard bounds.count == 2, bounds[0] <= bounds[1] else {
                throw ValidationError("--lateness '\(lateness)' is not MIN-MAX durations, e.g. 1m-20h")
            }
            c.lateArrivals?.lateness = bounds[0]...bounds[1]
        }
        c.live = live
        c.tieOrder = tieOrder.order
        c.maxPage = maxPage
        c.maxPerPage = maxPerPage
        c.lastPage = lastPage.form
        c.pastEnd = pastEnd.answer
        c.gzip = gzip
        c.retention = retention?.duration
        c.extraFieldsShare = extraFieldsShare
        c.oldStyleShare = oldStyleShare
        c.catalogue = catalogue == .seed ? .sidSeed : .default
        do {
            c.faults = try faults.map { spec throws(SimulatorConfigurationError) in
                try FaultRule(spec: spec, retryAfter: retryAfter, slowDelay: slowDelay.duration)
            }
            try c.validate()
        } catch {
            throw ValidationError(error.sentence)
        }
        return c
    }
}

/// Which event types `--catalogue` selects.
enum CatalogueChoice: String, ExpressibleByArgument, CaseIterable {
    case seed, builtin
}

/// Which ``TieOrder`` `--tie-order` selects.
enum TieOrderChoice: String, ExpressibleByArgument, CaseIterable {
    case stable, shuffled

    var order: TieOrder { self == .stable ? .stable : .shuffledPerRequest }
}

/// Which ``LastPageForm`` `--last-page` selects.
enum LastPageChoice: String, ExpressibleByArgument, CaseIterable {
    case nextAbsent = "next-absent", empty, null, emptyString = "empty-string", none

    var form: LastPageForm {
        switch self {
        case .nextAbsent: return .nextAbsent
        case .empty: return .emptyPagination
        case .null: return .nextNull
        case .emptyString: return .nextEmptyString
        case .none: return .noPagination
        }
    }
}

/// Which ``PastEndAnswer`` `--past-end` selects.
enum PastEndChoice: String, ExpressibleByArgument, CaseIterable {
    case empty, notFound = "404"

    var answer: PastEndAnswer { self == .empty ? .emptyList : .notFound }
}
