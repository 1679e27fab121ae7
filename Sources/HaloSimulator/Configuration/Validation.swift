extension SimulatorConfiguration {
    /// Checks the settings; throws ``SimulatorConfigurationError`` for the first bad one.
    public func validate() throws(SimulatorConfigurationError) {
        func check(_ good: Bool, _ code: SimulatorConfigurationError.Code, _ value: Any) throws(SimulatorConfigurationError) {
            if !good { throw SimulatorConfigurationError(code, value: "\(value)") }
        }
        try check(accounts >= 1, .accounts, accounts)
        try check(eventsPerAccount >= 0, .eventsPerAccount, eventsPerAccount)
        try check(span > .zero, .span, span)
        try check(tokenLifetime > .zero, .tokenLifetime, tokenLifetime)
        try check(latency >= .zero, .latency, latency)
        try check((0...1).contains(adversarialShare), .adversarialShare, adversarialShare)
        try check((0...1).contains(oldStyleShare), .oldStyleShare, oldStyleShare)
        try check((0...1).contains(extraFieldsShare), .extraFieldsShare, extraFieldsShare)
        try check(maxPage >= 1, .maxPage, maxPage)
        try check(maxPerPage >= 1, .maxPerPage, maxPerPage)
        if let retention { try check(retention > .zero, .retention, retention) }
        try check(!catalogue.allTypes.isEmpty, .emptyCatalogue, "(no types)")
        try check(oldStyleShare == 0 || !catalogue.legacyNames.isEmpty, .noLegacyNames, oldStyleShare)
        if let bursts {
            try check(bursts.sizes.lowerBound >= 2, .burstTooShort, bursts.sizes)
            try check(bursts.sizes.upperBound <= bursts.every, .burstLongerThanBlock, "\(bursts.sizes) in \(bursts.every)")
        }
        if let lateArrivals {
            try check(lateArrivals.every >= 1, .lateEvery, lateArrivals.every)
            try check(lateArrivals.waves >= 1, .lateWaves, lateArrivals.waves)
            try check(lateArrivals.window > .zero && lateArrivals.delay >= .zero, .lateTimes,
                      "window \(lateArrivals.window), delay \(lateArrivals.delay)")
            if let lateness = lateArrivals.lateness { try check(lateness.lowerBound >= .zero, .lateness, lateness) }
        }
        if let rateLimit {
            try check(rateLimit.requests >= 1 && rateLimit.per > .zero, .rateLimit, "\(rateLimit.requests) per \(rateLimit.per)")
        }
        for rule in faults { try rule.validate() }
    }
}
