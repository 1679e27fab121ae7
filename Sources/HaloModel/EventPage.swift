/// One answer of `GET /v1/events`.
public struct EventPage: Sendable, Decodable {
    /// Total number of events matching the query (all pages).
    public var count: Int?
    /// Link to the next page; `nil` on the last page (which may say so with no link, `null` or `""`).
    public var next: String?
    /// The events of this page, in the order the API sent them.
    public var events: [HaloEvent]

    public init(count: Int?, next: String?, events: [HaloEvent]) {
        self.count = count
        self.next = next
        self.events = events
    }

    enum CodingKeys: String, CodingKey { case count, pagination, events }
    struct Pagination: Decodable { var next: String? }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        next = try c.decodeIfPresent(Pagination.self, forKey: .pagination)?.next.flatMap { $0.isEmpty ? nil : $0 }
        events = try c.decode([HaloEvent].self, forKey: .events)
    }
}
