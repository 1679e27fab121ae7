/// How the service orders events that share one `created_at`.
///
/// Halo pages by offset over `created_at`, a sort key that is not unique; the order of equal keys may
/// change from one request to the next.
public enum TieOrder: String, Sendable, Hashable, CaseIterable {
    /// Equal timestamps always come in the stream's own order (by index).
    case stable
    /// Every request orders each run of equal timestamps anew (a permutation drawn from the seed and the
    /// request's number), so offset paging can miss some events of a run and repeat others. `count` and
    /// the set of events a query selects do not change.
    case shuffledPerRequest
}

/// The `pagination` object of a last page (a page with no next page).
public enum LastPageForm: String, Sendable, Hashable, CaseIterable {
    /// `next` is left out; `previous` stays (page 1 of one page: `"pagination":{}`).
    case nextAbsent
    /// `"pagination":{}`, `previous` left out too.
    case emptyPagination
    /// `"next":null` (beside `previous`).
    case nextNull
    /// `"next":""` (beside `previous`).
    case nextEmptyString
    /// No `pagination` key at all.
    case noPagination
}

/// The answer to a page past the end (page > 1 whose first event would be beyond `count`).
public enum PastEndAnswer: String, Sendable, Hashable, CaseIterable {
    /// 200 with an empty `events` list (and `count`).
    case emptyList
    /// 404 with a JSON error body.
    case notFound
}
