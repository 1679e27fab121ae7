import ArgumentParser
import HaloConnector
import HaloOutput

/// The output flags of the original connector plus the syslog destinations: one output per run, JSON lines
/// on stdout by default.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Append JSON lines (the events as received) to FILE.", valueName: "FILE"))
    var jsonfile: String?

    @Option(help: ArgumentHelp("Append key=value lines to FILE.", valueName: "FILE"))
    var kvfile: String?

    @Flag(help: "Write key=value lines to standard output.")
    var kv = false

    @Flag(help: "Write CEF lines (the OSSIM plugin's input) to standard output.")
    var cef = false

    @Option(help: ArgumentHelp("Append CEF lines (the OSSIM plugin's input) to FILE.", valueName: "FILE"))
    var ceffile: String?

    @Option(help: ArgumentHelp("Append LEEF 1.0 lines to FILE.", valueName: "FILE"))
    var leeffile: String?

    @Flag(help: "Send CEF lines to syslog.")
    var cefsyslog = false

    @Flag(help: "Send LEEF 1.0 lines to syslog.")
    var leefsyslog = false

    @Flag(help: "Send key=value lines to syslog.")
    var kvsyslog = false

    @Flag(help: "Send readable text lines to syslog.")
    var txtsyslog = false

    @Option(help: ArgumentHelp("Syslog facility and priority, facility.priority or facility,priority (default user.info).", valueName: "F.P"))
    var facility: SyslogArgument<SyslogPriority>?

    @Option(name: .customLong("syslog-socket"), help: ArgumentHelp("The local syslog socket (default /dev/log).", valueName: "PATH"))
    var syslogSocket: String?

    @Option(name: .customLong("syslog-server"), help: ArgumentHelp("Send syslog to this server instead of the local socket (port 514 when left out).", valueName: "HOST:PORT"))
    var syslogServer: SyslogArgument<SyslogServerAddress>?

    @Option(name: .customLong("syslog-proto"), help: ArgumentHelp("Transport to --syslog-server: tcp (default: octet-counted frames, a batch counts once the server read it) or udp (paced, sent but never acknowledged).", valueName: "tcp|udp"))
    var syslogProto: SyslogArgument<SyslogTransport>?

    @Option(name: .customLong("syslog-udp-rate"), help: ArgumentHelp("Messages a second over --syslog-proto=udp (default \(DatagramPacing.default.messagesPerSecond): what a default rsyslogd takes without loss; UDP drops what the receiver cannot keep up with).", valueName: "N"))
    var syslogUDPRate: Int?

    @Option(name: .customLong("syslog-format"), help: ArgumentHelp("Header for --syslog-server: rfc5424 (default) or rfc3164.", valueName: "FORMAT"))
    var syslogFormat: SyslogArgument<SyslogHeaderFormat>?

    @Option(name: .customLong("syslog-max-size"), help: ArgumentHelp("Longest syslog message sent, header included (default 8096, rsyslog's default maxMessageSize; 480 or more, over UDP at most 65507). A longer event is cut there with a marker, never split: raise it only as far as the daemon's own limit.", valueName: "BYTES"))
    var syslogMaxSize: Int?

    /// The chosen format and destination.
    func resolve() throws(UsageError) -> (any EventFormatter, OutputDestination) {
        let isSyslog = cefsyslog || leefsyslog || kvsyslog || txtsyslog
        let syslogFlags = [("--facility", facility != nil), ("--syslog-socket", syslogSocket != nil), ("--syslog-server", syslogServer != nil),
                           ("--syslog-proto", syslogProto != nil), ("--syslog-udp-rate", syslogUDPRate != nil),
                           ("--syslog-format", syslogFormat != nil), ("--syslog-max-size", syslogMaxSize != nil)]
        if !isSyslog, let flag = syslogFlags.first(where: \.1)?.0 {
            throw UsageError("\(flag) applies only to a syslog output (--cefsyslog, --leefsyslog, --kvsyslog or --txtsyslog)")
        }
        var chosen: [(flag: String, formatter: any EventFormatter, destination: OutputDestination)] = []
        if let jsonfile { chosen.append(("--jsonfile", JSONFormatter(), .file(jsonfile))) }
        if let kvfile { chosen.append(("--kvfile", KeyValueFormatter(), .file(kvfile))) }
        if kv { chosen.append(("--kv", KeyValueFormatter(), .standardOutput)) }
        if cef { chosen.append(("--cef", CEFFormatter(), .standardOutput)) }
        if let ceffile { chosen.append(("--ceffile", CEFFormatter(), .file(ceffile))) }
        if let leeffile { chosen.append(("--leeffile", LEEFFormatter(), .file(leeffile))) }
        let syslog = try syslogDestination()
        if cefsyslog { chosen.append(("--cefsyslog", CEFFormatter(), syslog)) }
        if leefsyslog { chosen.append(("--leefsyslog", LEEFFormatter(), syslog)) }
        if kvsyslog { chosen.append(("--kvsyslog", KeyValueFormatter(), syslog)) }
        if txtsyslog { chosen.append(("--txtsyslog", TextFormatter(), syslog)) }
        guard chosen.count <= 1 else {
            throw UsageError(
                "choose one output; got \(chosen.map(\.flag).joined(separator: " and ")) (run one halo-events per output, each with its own --configdir)")
        }
        for (flag, path) in [("--jsonfile", jsonfile), ("--kvfile", kvfile), ("--ceffile", ceffile), ("--leeffile", leeffile)] {
            if let path, path.isEmpty { throw UsageError("\(flag) needs a file name") }
        }
        guard let output = chosen.first else { return (JSONFormatter(), .standardOutput) }
        return (output.formatter, output.destination)
    }

    /// The syslog sink the flags describe: local socket, or a remote server.
    private func syslogDestination() throws(UsageError) -> OutputDestination {
        let priority = try facility?.setting(of: "--facility") ?? .default
        let maxSize = syslogMaxSize ?? SyslogTruncation.defaultLimit
        guard maxSize >= SyslogTruncation.minimumLimit else {
            throw UsageError("--syslog-max-size=\(maxSize): at least \(SyslogTruncation.minimumLimit) bytes (every syslog receiver takes that much)")
        }
        guard let syslogServer else {
            if syslogProto != nil || syslogFormat != nil || syslogUDPRate != nil {
                throw UsageError("--syslog-proto, --syslog-udp-rate and --syslog-format apply only with --syslog-server")
            }
            if syslogSocket?.isEmpty == true { throw UsageError("--syslog-socket needs a path") }
            let configuration = LocalSyslogSink.Configuration(socketPath: syslogSocket ?? "/dev/log", priority: priority, maxMessageBytes: maxSize)
            return .stream { LocalSyslogSink(configuration) }
        }
        guard syslogSocket == nil else { throw UsageError("give --syslog-socket or --syslog-server, not both") }
        let server = try syslogServer.setting(of: "--syslog-server")
        let transport = try syslogProto?.setting(of: "--syslog-proto") ?? .tcp
        let format = try syslogFormat?.setting(of: "--syslog-format") ?? .rfc5424
        if transport == .udp, maxSize > SyslogTruncation.udpLimit {
            throw UsageError("--syslog-max-size=\(maxSize): a UDP datagram carries at most \(SyslogTruncation.udpLimit) bytes; use --syslog-proto=tcp for more")
        }
        if let syslogUDPRate {
            guard transport == .udp else { throw UsageError("--syslog-udp-rate applies only with --syslog-proto=udp (TCP paces itself)") }
            guard syslogUDPRate >= 1 else { throw UsageError("--syslog-udp-rate=\(syslogUDPRate): at least 1 message a second") }
        }
        let pacing = syslogUDPRate.map(DatagramPacing.init(messagesPerSecond:)) ?? .default
        let configuration = RemoteSyslogSink.Configuration(
            server: server, transport: transport, format: format, priority: priority, maxMessageBytes: maxSize, udpPacing: pacing)
        return .stream { RemoteSyslogSink(configuration) }
    }
}
