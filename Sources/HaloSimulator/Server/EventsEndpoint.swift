import HaloModel
import Hummingbird

/// `GET /v1/events`: bearer-token check, per-key rate limit, scheduled faults, parameter checks, then
/// a page of events written straight into one buffer (or, for a `reset` fault, no answer at all).
struct EventsEndpoint: Sendable {
    let service: SimulatorService

    func respond(to request: Request, context: SimulatorRequestContext) async throws -> Response {
        var deadline = service.answerDeadline()
        let response = try await answer(request, deadline: &deadline)
        try await service.wait(until: deadline)
        guard let response else {
            await context.resetConnection()
            throw ConnectionResetOnPurpose()
        }
        return response
    }

    /// The answer to `request`, or `nil` when a `reset` fault gives none; a `slow` fault moves
    /// `deadline` (when the answer, or the reset, may leave) later.
    private func answer(_ request: Request, deadline: inout ContinuousClock.Instant) async throws -> Response? {
        let now = service.elapsedMicros()
        guard let token = Self.bearerToken(request.headers[.authorization]) else {
            return Responses.invalidToken("An 'Authorization: Bearer <token>' header is required.")
        }
        let account: Int
        switch service.state.check(token: token, nowMicros: now) {
        case .valid(let a): account = a
        case .unknown: return Responses.invalidToken("The access token is not known.")
        case .expired: return Responses.invalidToken("The access token has expired.")
        case .revoked: return Responses.invalidToken("The access token has been revoked.")
        }
        if let retryAfter = service.state.admit(account: account, nowMicros: now, limit: service.configuration.rateLimit) {
            service.state.record(fault: FaultKind.rateLimitStatsName)
            return Responses.tooManyRequests(retryAfter: retryAfter)
        }

        let configuration = service.configuration
        let requestNumber = service.state.nextEventsRequest()
        let fault = configuration.faults.fault(forRequest: requestNumber, seed: configuration.seed)
        if let fault { service.state.record(fault: fault.statsName) }
        switch fault {
        case .tooManyRequests(let retryAfter)?: return Responses.tooManyRequests(retryAfter: Int64(retryAfter))
        case .serverError(let status)?: return Responses.serverError(status: status)
        case .tokenRevoked?:
            service.state.revoke(token: token)
            return Responses.invalidToken("The access token has been revoked.")
        case .slowResponse(let delay)?: deadline += delay
        case .connectionReset?: return nil
        default: break
        }

        let query: EventQuery
        do {
            let parameters = request.uri.queryParameters
            query = try EventQuery(maxPerPage: configuration.maxPerPage, maxPage: configuration.maxPage) { parameters[Substring($0)] }
        } catch {
            return Responses.unprocessable(error)
        }
        let current = service.serviceTimeMicros()
        if let retention = configuration.retention, let since = query.since, since < current - retention.microseconds {
            let oldest = HaloTimestamp(microseconds: current - retention.microseconds).iso8601(fractionDigits: 3)
            return Responses.unprocessable(EventQuery.Invalid(
                parameter: "since", reason: "it is older than the \(Self.describe(retention)) the service keeps events (nothing before \(oldest))"))
        }
        let generator = service.generators[account]
        let visibility = generator.timeline.visibility(elapsedMicros: service.elapsedMicros())
        let tieKey = configuration.tieOrder == .shuffledPerRequest ? hashKey(configuration.seed, Salt.tieOrder, UInt64(requestNumber)) : nil
        let selection = EventPageSelection(query: query, generator: generator, visibility: visibility, tieKey: tieKey)
        if configuration.pastEnd == .notFound, query.page > 1, (query.page - 1) * query.perPage >= selection.count {
            return Responses.error(.notFound, code: "not_found", description: "Page \(query.page) is past the last page.")
        }
        let page = writePage(selection, generator: generator, query: query, request: request)
        service.state.record(eventsServed: selection.indices.count)
        let gzip = configuration.gzip && Gzip.isAccepted(by: request.headers[.acceptEncoding])
        return Self.response(page, fault: fault, count: selection.count, gzip: gzip)
    }

    /// `retention` in days, hours or seconds, as the 422 says it.
    private static func describe(_ retention: Duration) -> String {
        let seconds = retention.components.seconds
        if seconds % 86_400 == 0 { return "\(seconds / 86_400) days" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600) hours" }
        return "\(seconds) seconds"
    }

    /// `{"count":…,"pagination":{…},"events":[…]}`; the last page's `pagination` as
    /// ``SimulatorConfiguration/lastPage`` says.
    private func writePage(_ selection: EventPageSelection, generator: EventGenerator, query: EventQuery, request: Request) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + selection.indices.count * 1024)
        bytes.append(contentsOf: "{\"count\":\(selection.count),".utf8)
        let link = PageLink(request: request)
        let hasNext = query.page * query.perPage < selection.count
        let form = hasNext ? .nextAbsent : service.configuration.lastPage
        if form != .noPagination {
            bytes.append(contentsOf: "\"pagination\":{".utf8)
            var members: [(String, String?)] = []
            if query.page > 1 && form != .emptyPagination { members.append(("previous", link.url(page: query.page - 1))) }
            if hasNext { members.append(("next", link.url(page: query.page + 1))) }
            if form == .nextNull { members.append(("next", nil)) }
            if form == .nextEmptyString { members.append(("next", "")) }
            for (n, (name, value)) in members.enumerated() {
                if n > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: "\"\(name)\":".utf8)
                if let value { JSONText.appendString(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
            }
            bytes.append(contentsOf: "},".utf8)
        }
        bytes.append(contentsOf: "\"events\":[".utf8)
        for (n, index) in selection.indices.enumerated() {
            if n > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendEvent(generator.event(index), to: &bytes)
        }
        bytes.append(contentsOf: "]}".utf8)
        return ByteBuffer(bytes: bytes)
    }

    /// The page as sent, or as a body fault spoils it; gzip-compressed when `gzip` (a cut body is cut
    /// after compression for `close`, before it for `truncate`, so that the JSON is what is cut short).
    private static func response(_ page: ByteBuffer, fault: FaultKind?, count: Int, gzip: Bool) -> Response {
        var headers: HTTPFields = [.contentType: Responses.jsonType]
        if gzip {
            headers[.contentEncoding] = "gzip"
            headers[.vary] = "Accept-Encoding"
        }
        func encoded(_ body: ByteBuffer) -> ByteBuffer { gzip ? Gzip.compress(body) : body }
        switch fault {
        case .connectionClosedMidBody?:
            let whole = encoded(page)
            let half = whole.getSlice(at: whole.readerIndex, length: whole.readableBytes / 2) ?? ByteBuffer()
            return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: whole.readableBytes) { writer in
                try await writer.write(half)
                throw ConnectionDroppedOnPurpose()
            })
        case .truncatedJSON?:
            let cut = page.getSlice(at: page.readerIndex, length: page.readableBytes / 2) ?? ByteBuffer()
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: encoded(cut)))
        case .invalidJSON?:
            let body = "{\"count\":\(count),\"pagination\":{},\"events\":[NaN, undefined, {\"id\": }]}"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: encoded(ByteBuffer(string: body))))
        case .eventsWithheld?:
            let body = "{\"count\":\(count),\"pagination\":{},\"events\":[]}"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: encoded(ByteBuffer(string: body))))
        default:
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: encoded(page)))
        }
    }

    /// The token of an `Authorization: Bearer …` header.
    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        let token = header.dropFirst(7).filter { $0 != " " }
        return token.isEmpty ? nil : String(token)
    }
}

/// Thrown from a response body to close the connection part-way through it (the fault
/// ``FaultKind/connectionClosedMidBody``).
struct ConnectionDroppedOnPurpose: Error {}

/// Builds `previous`/`next` links: the request's own query with another `page`, on the host the
/// client addressed.
struct PageLink {
    private let prefix: String
    private let rest: [Substring]

    init(request: Request) {
        let host = request.head.authority ?? "127.0.0.1"
        prefix = "http://\(host)\(request.uri.path)?page="
        rest = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("page=") && $0 != "page" }
    }

    func url(page: Int) -> String {
        rest.isEmpty ? prefix + String(page) : prefix + String(page) + "&" + rest.joined(separator: "&")
    }
}
