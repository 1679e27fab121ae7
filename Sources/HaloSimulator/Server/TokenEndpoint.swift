#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloModel
import Hummingbird

/// `POST /oauth/access_token?grant_type=client_credentials` with `Authorization: Basic base64(key:secret)`.
struct TokenEndpoint: Sendable {
    let service: SimulatorService

    func respond(to request: Request) async throws -> Response {
        let deadline = service.answerDeadline()
        let response = try await answer(request)
        try await service.wait(until: deadline)
        return response
    }

    private func answer(_ request: Request) async throws -> Response {
        var grantType = request.uri.queryParameters["grant_type"].map(String.init)
        if grantType == nil {
            let body = try await request.body.collect(upTo: 16 * 1024)
            grantType = String(buffer: body).split(separator: "&")
                .first { $0.hasPrefix("grant_type=") }
                .map { String($0.dropFirst("grant_type=".count)) }
        }
        guard grantType == "client_credentials" else {
            return Responses.error(.badRequest, code: "unsupported_grant_type", description: "grant_type must be client_credentials.")
        }
        guard let (keyID, secret) = Self.basicCredentials(request.headers[.authorization]),
              let account = service.accounts.first(where: { $0.keyID == keyID }), account.secret == secret
        else { return Responses.invalidClient() }

        let now = service.elapsedMicros()
        let lifetime = service.configuration.tokenLifetime
        let token = service.state.issueToken(account: account.index, nowMicros: now, expiresAtMicros: now + lifetime.microseconds)
        var body = "{\"access_token\":"
        JSONValue.appendQuoted(token, to: &body)
        body += ",\"token_type\":\"bearer\",\"expires_in\":\(lifetime.wholeSecondsRoundedUp(minimum: 1)),\"scope\":\"ro\"}"
        return Responses.json(.ok, body, headers: [.cacheControl: "no-store"])
    }

    /// The key id and secret of an `Authorization: Basic …` header.
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        let encoded = String(header.dropFirst(6).filter { $0 != " " })
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
