import Synchronization

/// When a page request has had its answer: the signal the next request of its chain waits for, so that
/// at most `--threads` requests are on the wire while pages are decoded and written.
final class PageLatch: Sendable {
    /// How the request it stands for ended, as far as its successor cares.
    enum Outcome: Sendable {
        /// The API answered it (HTTP 200); the page may still be decoding.
        case answered
        /// It failed for good: the caller stops at that page, so what comes after it is not needed.
        case failed
    }

    private let state = Mutex<(outcome: Outcome?, waiters: [CheckedContinuation<Outcome, Never>])>((nil, []))

    init() {}

    /// Opens the latch with `outcome`; the first call counts, later ones do nothing.
    func open(_ outcome: Outcome) {
        let waiters = state.withLock { state -> [CheckedContinuation<Outcome, Never>] in
            guard state.outcome == nil else { return [] }
            state.outcome = outcome
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
    }

    /// Waits until the latch is open (returns at once when it is).
    func wait() async -> Outcome {
        await withCheckedContinuation { continuation in
            let outcome = state.withLock { state -> Outcome? in
                if state.outcome == nil { state.waiters.append(continuation) }
                return state.outcome
            }
            if let outcome { continuation.resume(returning: outcome) }
        }
    }
}
