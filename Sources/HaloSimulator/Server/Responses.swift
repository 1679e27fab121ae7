import HaloModel
import Hummingbird

/// The answers the emulator gives besides event pages, shaped like the real service's.
enum Responses {
    static let jsonType = "application/json; charset=utf-8"

    static func json(_ status: HTTPResponse.Status, _ body: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = jsonType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// `{"error": code, "error_description": description}` with `description` JSON-escaped.
    static func error(_ status: HTTPResponse.Status, code: String, description: String, headers: HTTPFields = [:]) -> Response {
        var body = "{\"error\":"
        JSONValue.appendQuoted(code, to: &body)
        body += ",\"error_description\":"
        JSONValue.appendQuoted(description, to: &body)
        body += "}"
        return json(status, body, headers: headers)
    }

    static func invalidToken(_ description: String) -> Response {
        error(.unauthorized, code: "invalid_token", description: description,
              headers: [.wwwAuthenticate: "Bearer realm=\"Halo\", error=\"invalid_token\""])
    }

    static func invalidClient() -> Response {
        error(.unauthorized, code: "invalid_client", description: "Unknown API key id or wrong secret.",
              headers: [.wwwAuthenticate: "Basic realm=\"Halo\""])
    }

    static func unprocessable(_ invalid: EventQuery.Invalid) -> Response {
        error(.unprocessableContent, code: "invalid_parameter", description: "Parameter '\(invalid.parameter)': \(invalid.reason).")
    }

    static func tooManyRequests(retryAfter seconds: Int64) -> Response {
        error(.tooManyRequests, code: "rate_limited", description: "Too many requests; retry after \(seconds) s.",
              headers: [.retryAfter: String(seconds)])
    }

    /// A 5xx: JSON from the application for 500, an HTML page (as a proxy or load balancer sends) otherwise.
    static func serverError(status code: Int) -> Response {
        let status = HTTPResponse.Status(code: code)
        if code == 500 {
            return error(status, code: "internal_server_error", description: "Something went wrong.")
        }
        let html = "<html><head><title>\(code) \(status.reasonPhrase)</title></head><body><h1>\(code) \(status.reasonPhrase)</h1></body></html>\n"
        return Response(status: status, headers: [.contentType: "text/html"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
