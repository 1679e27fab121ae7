import AsyncHTTPClient
import Foundation
import HaloModel
import HaloOutput
import HaloSIDMap
import NIOCore
import NIOPosix
import NIOSSL

/// Where the lines of a run go.
public enum OutputDestination: Sendable {
    /// Standard output (at least once: a crash may repeat the last batch).
    case standardOutput
    /// An appended file (exactly once, even across `kill -9`).
    case file(String)
    /// Any other sink (syslog...), opened once the run holds its lock (at least once, like stdout).
    case stream(open: @Sendable () async throws -> any EventSink)
}

/// What a run did: its exit status and one summary per account, in auth-file order.
public struct RunReport: Sendable {
    public var status: ExitStatus
    public var accounts: [AccountSummary]
}

/// A whole `halo-events` run: auth file → lock → settle what a crashed run left → open the output → every
/// account (in parallel, each an ``AccountRun``, their batches through one writer, unmapped types recorded
/// with each batch) → summaries and exit status.
///
/// Cancelling the task of ``run()`` stops the run cleanly (what `halo-events` does on SIGTERM and SIGINT):
/// accounts not yet begun are not begun, the others write and commit what they have read, and the status is
/// ``ExitStatus/stopped``.
public struct Connector: Sendable {
    public var configuration: ConnectorConfiguration
    public var formatter: any EventFormatter
    public var destination: OutputDestination
    /// The SID table, loaded once: each event's SID and name.
    public var classifier: SIDResolver
    /// The SID database where unmapped event types are recorded as their batches commit (`--sidmap`); `nil`: not recorded.
    public var sidStore: SIDStore?
    public var diagnostics: Diagnostics

    public init(
        configuration: ConnectorConfiguration, formatter: any EventFormatter, destination: OutputDestination,
        classifier: SIDResolver = .builtIn, sidStore: SIDStore? = nil,
        diagnostics: Diagnostics = .standardError
    ) {
        self.configuration = configuration
        self.formatter = formatter
        self.destination = destination
        self.classifier = classifier
        self.sidStore = sidStore
        self.diagnostics = diagnostics
    }

    public func run() async -> RunReport {
        let settings = configuration
        let auth: AuthFile
        let lock: RunLock
        let store = CheckpointStore(directory: settings.configDirectory, authFile: settings.authFile)
        let http: HTTPClient
        let writer: BatchWriter
        do {
            auth = try AuthFile.load(path: settings.authFile)
            auth.warnings.forEach(diagnostics.warn)
            http = try makeHTTPClient()
        } catch {
            diagnostics.error("\(error)")
            return RunReport(status: .configuration, accounts: [])
        }
        do {
            try prepareConfigDirectory()
            lock = try RunLock.acquire(in: settings.configDirectory)
            try settlePendingBatches(store)
            writer = BatchWriter(output: try await openOutput(), store: store)
        } catch let error as RunLock.Held {
            try? await http.shutdown()
            diagnostics.error(error.description)
            return RunReport(status: .lockHeld, accounts: [])
        } catch where Task.isCancelled {
            try? await http.shutdown()
            diagnostics.say("stopped before any account ran")
            return RunReport(status: .stopped, accounts: [])
        } catch {
            try? await http.shutdown()
            diagnostics.error("\(error)")
            return RunReport(status: .configuration, accounts: [])
        }

        let start = startingPoint(for: auth.keys, store: store)
        let unmapped = UnmappedTypes(store: sidStore, diagnostics: diagnostics)
        let runs = auth.keys.map { key in
            AccountRun(
                key: key,
                client: HaloAPIClient(http: http, endpoint: settings.endpoint, key: key, retry: settings.retry, requestTimeout: settings.requestTimeout),
                store: store, writer: writer, classifier: classifier, formatter: formatter, unmapped: unmapped,
                settings: settings, start: start, diagnostics: diagnostics)
        }
        var summaries = await Connector.runAll(runs, atOnce: settings.accountsInParallel)

        do { try await writer.close() } catch {
            diagnostics.error("closing the output failed: \(error)")
            for i in summaries.indices where summaries[i].succeeded { summaries[i].failure = "closing the output failed: \(error)" }
        }
        try? await http.shutdown()
        withExtendedLifetime(lock) {}

        for summary in summaries where !(settings.quiet && summary.succeeded) { diagnostics.say(summary.line) }
        let status: ExitStatus =
            if !summaries.allSatisfy(\.succeeded) { .accountsFailed } else if summaries.contains(where: \.stopped) { .stopped } else { .success }
        return RunReport(status: status, accounts: summaries)
    }

    /// Runs the accounts, at most `limit` at a time; summaries come back in the order of `runs`. Once the
    /// task is cancelled, the accounts not begun yet are summarised as stopped.
    private static func runAll(_ runs: [AccountRun], atOnce limit: Int) async -> [AccountSummary] {
        await withTaskGroup(of: (Int, AccountSummary).self) { group in
            var summaries = runs.map { AccountSummary(keyID: $0.key.keyID) }
            var next = 0
            func startNext() {
                guard next < runs.count else { return }
                guard !Task.isCancelled else {
                    for index in next..<runs.count { summaries[index].stopped = true }
                    next = runs.count
                    return
                }
                let (index, run) = (next, runs[next])
                group.addTask { (index, await run.run()) }
                next += 1
            }
            for _ in 0..<max(1, limit) { startNext() }
            for await (index, summary) in group {
                summaries[index] = summary
                startNext()
            }
            return summaries
        }
    }

    /// `--starting`, clamped to Halo's 90 days (with a warning when that matters: some account has no checkpoint yet).
    private func startingPoint(for keys: [APIKey], store: CheckpointStore) -> HaloTimestamp? {
        guard let starting = configuration.starting else { return nil }
        let oldest = configuration.now().adding(seconds: -ConnectorConfiguration.retention)
        guard starting < oldest else { return starting }
        let needed = keys.contains { !FileManager.default.fileExists(atPath: store.path(for: $0.keyID)) }
        if needed {
            diagnostics.warn(
                "--starting=\(starting) is more than 90 days ago; Halo keeps 90 days of events, so reading starts at \(oldest)")
        }
        return oldest
    }

    /// The config directory must exist (it is created, mode 0700, when only its last component is missing).
    private func prepareConfigDirectory() throws(ConfigurationError) {
        let path = configuration.configDirectory
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ConfigurationError("--configdir=\(path) is not a directory") }
            return
        }
        guard mkdir(path, 0o700) == 0 else {
            throw ConfigurationError(
                "cannot create config directory \(path): \(String(cString: strerror(errno))); create it (checkpoints and the lock live there) or fix --configdir")
        }
    }

    /// Settles every batch a crashed run left pending (see ``PendingRecovery``), before anything is written.
    private func settlePendingBatches(_ store: CheckpointStore) throws {
        for keyID in try store.keyIDsWithCheckpoints() {
            // A damaged checkpoint is that account's failure, reported when it runs.
            guard let checkpoint = try? store.load(keyID: keyID), let pending = checkpoint.pending else { continue }
            let resolution = try PendingRecovery.settle(pending)
            let committed: DeliveryCursor
            switch resolution {
            case .written:
                committed = pending.next
                if configuration.verbose {
                    diagnostics.say("key \(keyID): the last batch of a crashed run (\(pending.events) events) is whole in \(pending.output); committed")
                }
            case .notWritten:
                committed = checkpoint.cursor
                if configuration.verbose {
                    diagnostics.say("key \(keyID): the last batch of a crashed run never reached \(pending.output); it is read again")
                }
            case .tornAndCut(let path, let length):
                committed = checkpoint.cursor
                diagnostics.warn(
                    "key \(keyID): a crashed run left \(length) bytes of a batch half-written at the end of \(path); cut them off, the batch is read again")
            case .unknown(let why):
                committed = checkpoint.cursor
                diagnostics.warn("key \(keyID): \(why); the batch of \(pending.events) events is read again and may appear twice")
            }
            do { try store.save(Checkpoint(keyID: keyID, cursor: committed)) } catch {
                throw ConfigurationError(error.description)
            }
        }
    }

    private func openOutput() async throws -> BatchWriter.Output {
        switch destination {
        case .standardOutput:
            return .stream(StdoutSink())
        case .file(let path):
            do { return .file(try FileSink(path: path)) } catch {
                throw ConfigurationError("\(error); check the output path and the permissions of its directory")
            }
        case .stream(let open):
            do { return .stream(try await open()) } catch {
                throw ConfigurationError("cannot open the output: \(error)")
            }
        }
    }

    private func makeHTTPClient() throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.caCertificateFile {
            let certificates: [NIOSSLCertificate]
            do { certificates = try NIOSSLCertificate.fromPEMFile(file) } catch {
                throw ConfigurationError("cannot read CA certificates from --cacert=\(file) (\(error)): give a PEM file")
            }
            guard !certificates.isEmpty else {
                throw ConfigurationError("--cacert=\(file) holds no PEM certificate")
            }
            tls.trustRoots = .certificates(certificates)
        }
        var proxy: HTTPClient.Configuration.Proxy?
        if let p = configuration.proxy {
            let authorization = p.username.map { HTTPClient.Authorization.basic(username: $0, password: p.password ?? "") }
            proxy = .server(host: p.host, port: p.port, authorization: authorization)
        }
        var http = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .milliseconds(Int64(configuration.requestTimeout * 1000))),
            proxy: proxy)
        http.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, configuration.threads * configuration.accountsInParallel)
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: http)
    }
}
