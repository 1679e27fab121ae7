import HaloConnector

extension HaloAPIError: EventSourceError {
    /// HTTP 422: the API refused the query (a page size above its maximum, or a page too deep).
    public var refusedPageParameters: Bool { code == .queryRefused }
}
