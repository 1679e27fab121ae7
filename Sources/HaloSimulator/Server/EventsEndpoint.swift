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

        let fault = service.configuration.faults.fault(forRequest: service.state.nextEventsRequest(), seed: service.configuration.seed)
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
            query = try EventQuery { parameters[Substring($0)] }
        } catch {
            return Responses.unprocessable(error)
        }
        let generator = service.generators[account]
        let waves = generator.timeline.visibleWaves(elapsedMicros: service.elapsedMicros())
        let selection = EventPageSelection(query: query, generator: generator, visibleWaves: waves)
        let page = writePage(selection, generator: generator, query: query, request: request)
        service.state.record(eventsServed: selection.indices.count)
        return Self.response(page, fault: fault, count: selection.count)
    }

    /// `{"count":…,"pagination":{…},"events":[…]}`.
    private func writePage(_ selection: EventPageSelection, generator: EventGenerator, query: EventQuery, request: Request) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + selection.indices.count * 1024)
        bytes.append(contentsOf: "{\"count\":\(selection.count),\"pagination\":{".utf8)
        let link = PageLink(request: request)
        if query.page > 1 {
            bytes.append(contentsOf: "\"previous\":".utf8)
            JSONText.appendString(link.url(page: query.page - 1), to: &bytes)
        }
        if query.page * query.perPage < selection.count {
            if query.page > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: "\"next\":".utf8)
            JSONText.appendString(link.url(page: query.page + 1), to: &bytes)
        }
        bytes.append(contentsOf: "},\"events\":[".utf8)
        for (n, index) in selection.indices.enumerated() {
            if n > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.appendEvent(generator.event(index), to: &bytes)
        }
        bytes.append(contentsOf: "]}".utf8)
        return ByteBuffer(bytes: bytes)
    }

    /// The page as sent, or as a body fault spoils it.
    private static func response(_ page: ByteBuffer, fault: FaultKind?, count: Int) -> Response {
        let headers: HTTPFields = [.contentType: Responses.jsonType]
        switch fault {
        case .connectionClosedMidBody?:
            let half = page.getSlice(at: page.readerIndex, length: page.readableBytes / 2) ?? ByteBuffer()
            return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: page.readableBytes) { writer in
                try await writer.write(half)
                throw ConnectionDroppedOnPurpose()
            })
        case .truncatedJSON?:
            let cut = page.getSlice(at: page.readerIndex, length: page.readableBytes / 2) ?? ByteBuffer()
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: cut))
        case .invalidJSON?:
            let body = "{\"count\":\(count),\"pagination\":{},\"events\":[NaN, undefined, {\"id\": }]}"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        default:
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: page))
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
