import Synchronization

/// What the service accepts, as a run learns it: the page size and how deep a query can page. Shared by
/// the accounts of a run, so that what one account learnt (a 422) the others do not ask again.
final class PagingLimits: Sendable {
    /// The page size used when a larger one is refused (the Halo API's documented maximum).
    static let fallbackPerPage = 100
    /// Pages per query before `since` moves on (the Halo API serves 100; one is kept in hand).
    static let defaultPagesPerQuery = 99

    private struct Limits {
        var perPage: Int
        var pagesPerQuery = PagingLimits.defaultPagesPerQuery
    }

    private let limits: Mutex<Limits>

    /// Limits starting with `perPage` events per page.
    init(perPage: Int) { limits = Mutex(Limits(perPage: perPage)) }

    var perPage: Int { limits.withLock { $0.perPage } }
    var pagesPerQuery: Int { limits.withLock { $0.pagesPerQuery } }

    /// A page of `perPage` events was refused: the page size falls back to ``fallbackPerPage``. Returns
    /// whether it did (`false`: it already had, or `perPage` is no larger than the fallback).
    func refused(perPage: Int) -> Bool {
        limits.withLock { limits in
            guard perPage > PagingLimits.fallbackPerPage, limits.perPage > PagingLimits.fallbackPerPage else { return false }
            limits.perPage = PagingLimits.fallbackPerPage
            return true
        }
    }

    /// Page `page` of a query was refused: queries page at most to the page before it. Returns whether
    /// that lowered the depth (`false`: it was already that shallow).
    func refused(page: Int) -> Bool {
        limits.withLock { limits in
            guard page - 1 < limits.pagesPerQuery, page > 1 else { return false }
            limits.pagesPerQuery = page - 1
            return true
        }
    }
}
