import Hummingbird
import NIOCore

/// Hummingbird's request context plus the connection the request came on, so that the fault
/// ``FaultKind/connectionReset`` can reset it before any answer.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The request's connection (a NIO socket channel).
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Resets the connection: `SO_LINGER` 0 then close, so the kernel sends an RST (and no FIN) and
    /// drops whatever was not yet sent. A channel without socket options (none in this server) is
    /// closed plainly.
    func resetConnection() async {
        if let socket = channel as? any SocketOptionProvider {
            try? await socket.setSoLinger(NIOLinger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
    }
}

/// Thrown by the events endpoint after ``SimulatorRequestContext/resetConnection()``: there is no
/// answer to give (the fault ``FaultKind/connectionReset``). Hummingbird's fallback 500 for it goes
/// nowhere, the connection being closed, and ``StatsMiddleware`` counts no status for it.
struct ConnectionResetOnPurpose: Error {}
