import HaloModel

/// The parameters of one `GET /v1/events` request, checked as the Halo API checks them.
struct EventQuery: Sendable {
    /// Inclusive lower bound on `created_at`, microseconds since 1970.
    var since: Int64?
    /// Inclusive upper bound on `created_at`, microseconds since 1970.
    var until: Int64?
    var perPage = EventQuery.defaultPerPage
    var page = 1
    var descending = false
    /// `type` filter (a comma-separated list is accepted).
    var types: Set<String>?
    var critical: Bool?
    var serverID: String?
    var serverPlatform: String?
    var groupID: String?

    static let defaultPerPage = 10

    var hasFilters: Bool {
        types != nil || critical != nil || serverID != nil || serverPlatform != nil || groupID != nil
    }

    /// A parameter the API refuses with 422, and why.
    struct Invalid: Error {
        let parameter: String
        let reason: String
    }

    /// Parses decoded query parameters (`parameter` looks one up by name), accepting `per_page` up to
    /// `maxPerPage` and `page` up to `maxPage`.
    init(maxPerPage: Int, maxPage: Int, parameter: (String) -> Substring?) throws(Invalid) {
        func text(_ name: String) throws(Invalid) -> String? {
            guard let value = parameter(name) else { return nil }
            guard !value.isEmpty else { throw Invalid(parameter: name, reason: "must not be empty") }
            return String(value)
        }
        func timestamp(_ name: String) throws(Invalid) -> Int64? {
            guard let value = try text(name) else { return nil }
            guard let t = HaloTimestamp(iso8601: value) else {
                throw Invalid(parameter: name, reason: "'\(value)' is not an ISO-8601 timestamp")
            }
            return t.microseconds
        }
        func integer(_ name: String, in range: ClosedRange<Int>) throws(Invalid) -> Int? {
            guard let value = try text(name) else { return nil }
            guard let n = Int(value), range.contains(n) else {
                throw Invalid(parameter: name, reason: "'\(value)' is not an integer within \(range.lowerBound)...\(range.upperBound)")
            }
            return n
        }
        since = try timestamp("since")
        until = try timestamp("until")
        perPage = try integer("per_page", in: 1...maxPerPage) ?? min(EventQuery.defaultPerPage, maxPerPage)
        if let value = try text("page"), let n = Int(value), n > maxPage {
            throw Invalid(parameter: "page", reason: "page \(n) is deeper than \(maxPage); move 'since' forward instead")
        }
        page = try integer("page", in: 1...maxPage) ?? 1
        switch try text("sort_by") {
        case nil, "created_at.asc": descending = false
        case "created_at.desc": descending = true
        case let other?: throw Invalid(parameter: "sort_by", reason: "'\(other)' is not created_at.asc or created_at.desc")
        }
        if let value = try text("type") {
            let list = value.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            guard !list.isEmpty, !list.contains(where: \.isEmpty) else {
                throw Invalid(parameter: "type", reason: "'\(value)' is not a type or comma-separated list of types")
            }
            types = Set(list)
        }
        switch try text("critical")?.lowercased() {
        case nil: critical = nil
        case "true": critical = true
        case "false": critical = false
        case let other?: throw Invalid(parameter: "critical", reason: "'\(other)' is not true or false")
        }
        serverID = try text("server_id")
        serverPlatform = try text("server_platform")
        groupID = try text("group_id")
    }
}
