import AsyncHTTPClient
import HaloPlatform
import NIOCore
import NIOPosix
import NIOSSL

extension HaloAPIClient {
    /// The outcome of a request that got no HTTP answer. Final: a host name that does not exist, and TLS
    /// failures (an untrusted certificate stays untrusted). Everything else (refused, reset, timed out, cut
    /// short, a name server not answering) is worth retrying.
    func outcome<Value>(forTransportError error: any Error) -> Outcome<Value> {
        if error is NIOSSLError || error is NIOSSLExtraError { return .fail(.untrustedCertificate(detail: "\(error)")) }
        // With a proxy, every connection is opened to the proxy: a connection that fails is the proxy's.
        let peer: ConnectionPeer = proxy.map { .proxy($0) } ?? .api
        if let connection = error as? NIOConnectionError { return outcome(forConnectionError: connection, peer: peer) }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout:
                return .retry(.cannotConnect(peer, .timedOut(seconds: connectTimeout.seconds)), retryAfter: nil)
            case .deadlineExceeded, .readTimeout:
                return .retry(.noAnswerInTime(detail: "\(client)"), retryAfter: nil)
            case .remoteConnectionClosed:
                return .retry(.closedBeforeAnswer, retryAfter: nil)
            case .proxyAuthenticationRequired:
                return .fail(.proxyWantsCredentials)
            case .invalidProxyResponse, .httpProxyHandshakeTimeout:
                return .retry(.proxyTunnelFailed(detail: "\(client)"), retryAfter: nil)
            case .bodyLengthMismatch:
                return .retry(.cutShort(detail: "\(client)"), retryAfter: nil)
            default:
                return .retry(.requestFailed(detail: "\(client)"), retryAfter: nil)
            }
        }
        // An address given as such is connected to without a lookup: its error comes bare.
        if let io = error as? IOError, let reason = HaloAPIClient.connectFailure(io) {
            return .retry(.cannotConnect(peer, reason), retryAfter: nil)
        }
        if error is NIOTooManyBytesError { return .retry(.tooLarge(limit: HaloAPIClient.maximumBodySize), retryAfter: nil) }
        if let failure = HaloAPIClient.decompressionFailure(error) { return .retry(failure, retryAfter: nil) }
        return .retry(.unreachable(detail: "\(error)"), retryAfter: nil)
    }

    /// A connection that could not be opened: why, from the errors of its attempts (one per address), else
    /// from the name lookup that gave no address.
    private func outcome<Value>(forConnectionError error: NIOConnectionError, peer: ConnectionPeer) -> Outcome<Value> {
        let errors = error.connectionErrors.map(\.error)
        if errors.contains(where: { ($0 as? IOError)?.errnoCode == ECONNREFUSED }) {
            return .retry(.cannotConnect(peer, .refused), retryAfter: nil)
        }
        if let first = errors.first {
            if case ChannelError.connectTimeout = first {
                return .retry(.cannotConnect(peer, .timedOut(seconds: connectTimeout.seconds)), retryAfter: nil)
            }
            guard let io = first as? IOError else { return .retry(.unreachable(detail: "\(first)"), retryAfter: nil) }
            let reason = HaloAPIClient.connectFailure(io)
                ?? .system(errno: io.errnoCode, detail: String(cString: strerror(io.errnoCode)))
            return .retry(.cannotConnect(peer, reason), retryAfter: nil)
        }
        guard let lookup = error.dnsAError ?? error.dnsAAAAError else { return .retry(.unreachable(detail: "\(error)"), retryAfter: nil) }
        guard let unknown = lookup as? SocketAddressError.UnknownHost else {
            return .retry(.cannotConnect(peer, .nameLookupFailed(detail: "\(lookup)")), retryAfter: nil)
        }
        switch Int32(unknown.errorCode) {
        case EAI_NONAME, EAI_FAIL:
            // The resolver's final word: no such name (a temporary failure, EAI_AGAIN, is retried).
            return .fail(.hostUnknown(peer, detail: unknown.errorDescription))
        default:
            return .retry(.cannotConnect(peer, .nameLookupFailed(detail: unknown.errorDescription)), retryAfter: nil)
        }
    }

    /// Why connecting failed, for the errors only connecting gives (`nil` for the others, such as a reset of a
    /// connection that was open).
    static func connectFailure(_ error: IOError) -> ConnectFailure? {
        switch error.errnoCode {
        case ECONNREFUSED: .refused
        case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL: .system(errno: error.errnoCode, detail: String(cString: strerror(error.errnoCode)))
        default: nil
        }
    }

    /// The failure behind an error of the HTTP client's decompression (NIOHTTPCompression's
    /// `DecompressionError` and `ExtraDecompressionError`), or `nil` for any other error. Known by the name of
    /// their module: this package does not depend on swift-nio-extras itself, so its types cannot be named here.
    static func decompressionFailure(_ error: any Error) -> TransientFailure? {
        guard String(reflecting: type(of: error)).hasPrefix("NIOHTTPCompression.") else { return nil }
        // `DecompressionError.limit`: the decompressed answer grew past the limit.
        if "\(error)" == "limit" { return .tooLarge(limit: maximumBodySize) }
        return .badCompression(detail: "\(error)")
    }
}
