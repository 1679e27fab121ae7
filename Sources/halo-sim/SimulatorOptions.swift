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
