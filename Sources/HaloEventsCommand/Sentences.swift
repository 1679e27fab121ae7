import HaloPlatform
import HaloAPI
import HaloConnector
import HaloOutput

/// The sentences `halo-events` says: every library error and notice, in words for the person reading the
/// cron log at 3 a.m. (what failed, where, and what to do), with the flags that change it.
public enum Sentences {
    /// One sentence for any error a run can end with.
    public static func of(_ error: any Error) -> String {
        switch error {
        case let error as ConnectorError: of(error)
        case let error as HaloAPIError: of(error)
        case let error as HaloAPIService.Problem: of(error)
        case let error as SystemCallError:
            "output failed: \(error.description); fix the output and run again (nothing after the last committed batch is lost)"
        case is CancellationError: "cancelled"
        default: "\(error)"
        }
    }

    // MARK: - Connector errors

    public static func of(_ error: ConnectorError) -> String {
        let path = error.path ?? ""
        let key = error.keyID ?? ""
        let line = { (number: Int) in "auth file \(path) line \(number)" }
        switch error.code {
        case .authFileMissing(let code):
            return "cannot read auth file \(path): \(text(errno: code)). Create it with one line `key_id|secret` per Halo API key "
                + "(chmod 600), or name it with --auth=FILE."
        case .authFileUnreadable(let code):
            return "cannot read auth file \(path): \(text(errno: code)). Check its owner and mode (chmod 600)."
        case .authFileNotRegular:
            return "auth file \(path) is not a regular file: name the file with --auth=FILE."
        case .authFileTooBig(let bytes, let limit):
            return "auth file \(path) is \(bytes) bytes, too big for an auth file (at most \(limit)): check --auth."
        case .authFileBinary:
            return "auth file \(path) is binary (holds NUL bytes), not `key_id|secret` lines: check --auth."
        case .authFileNotUTF8:
            return "auth file \(path) is not UTF-8 text: check --auth, and save it as plain text."
        case .authLineMalformed(let number, let fields):
            let found = fields == 1 ? "no `|`" : "\(fields) fields"
            return "\(line(number)): expected `key_id|secret`, found \(found). Fix or remove the line (it is not shown here: it may hold a secret)."
        case .authLineKeyIDEmpty(let number):
            return "\(line(number)): the key id before `|` is empty."
        case .authLineKeyIDInvalid(let number):
            return "\(line(number)): the key id is not a Halo key id (letters, digits, `-` and `_`, at most 64): "
                + "check that the line is `key_id|secret` in that order."
        case .authLineSecretEmpty(let number, let keyID):
            return "\(line(number)) (key \(keyID)): the secret after `|` is empty."
        case .authLineSecretInvalid(let number, let keyID):
            return "\(line(number)) (key \(keyID)): the secret holds a blank, control or non-ASCII character: copy it again from the Halo portal."
        case .authLineKeyRepeated(let number, let keyID, let first):
            return "\(line(number)): key \(keyID) is already listed on line \(first): list each key once."
        case .authFileHasNoKey:
            return "auth file \(path) lists no API key: add a line `key_id|secret` per Halo account."
        case .configDirectoryNotADirectory:
            return "--configdir=\(path) is not a directory"
        case .configDirectoryUncreatable(let code):
            return "cannot create config directory \(path): \(text(errno: code)); create it (checkpoints and the lock live there) or fix --configdir"
        case .configDirectoryUnlistable(let code):
            return "cannot list config directory \(path): \(text(errno: code)); check its owner and mode, or fix --configdir"
        case .lockHeld(let holder):
            return "another halo-events run\(holder.map { " (pid \($0))" } ?? "") holds \(path); this run did nothing and exits. "
                + "If runs keep overlapping, run less often (cron) or lower --limit"
        case .lockUnavailable(let code):
            return "cannot open lock file \(path): \(text(errno: code)). Check that --configdir names a writable directory"
        case .checkpointNotRegular(let limit):
            return "checkpoint \(path) is not a regular file of at most \(limit >> 20) MiB: move it away to start this account again from --starting (events may then repeat)"
        case .checkpointUnreadable(let code):
            return "cannot read checkpoint \(path): \(text(errno: code)); check its owner and mode"
        case .checkpointDamaged(let detail):
            return "checkpoint \(path) is damaged (\(detail)): restore it from a backup, or move it away to start this account again from --starting (events may then repeat)"
        case .checkpointOfAnotherKey(let found):
            return "checkpoint \(path) belongs to key \(found), not \(key): restore the right file or move it away"
        case .checkpointPendingUnsettled:
            return "checkpoint \(path) still has a pending batch that could not be settled"
        case .checkpointNotSaved(let cause):
            return "cannot save checkpoint: \(cause). Check that the config directory \(Path.directory(of: path)) is writable and not full"
        case .legacyTimestampDamaged(let number):
            return "\(path) line \(number): the saved timestamp of key \(key) is not ISO-8601; fix it or remove the line (the account then starts from --starting)"
        case .pendingBatchNotCut(let cause):
            return "cannot cut off the half-written batch a crashed run left at the end of \(path): \(text(errno: cause.errno)); make it writable and run again"
        case .outputNotClosed(let detail):
            return "closing the output failed: \(detail)"
        }
    }

    /// Why the run did not start, in one sentence (`destination`: where the output was to go).
    public static func of(_ failure: RunFailure, destination: OutputDestination) -> String {
        guard failure.stage == .output else { return of(failure.error) }
        if case .file = destination {
            return "\(failure.error); check the output path and the permissions of its directory"
        }
        return "cannot open the output: \(failure.error)"
    }

    // MARK: - API errors

    public static func of(_ error: HaloAPIError) -> String {
        let request = error.request
        let endpoint = error.endpoint
        func gaveUp(_ attempts: Int, _ seconds: Double) -> String {
            "gave up on \(request) after \(attempts) attempt\(attempts == 1 ? "" : "s") in \(format(seconds)) s"
        }
        switch error.code {
        case .keyRefused(let status):
            return "Halo refused the key (HTTP \(status) on \(request)): check the key id and the secret in the auth file"
        case .tokenRefusedAgain:
            return "the API refused a freshly issued token (HTTP 401 twice): the key may have been revoked or disabled; check it in the Halo portal"
        case .forbidden:
            return "HTTP 403 on \(request): the key lacks permission (an auditor key is enough) or this host's IP address is not authorized for the account; check the key in the Halo portal"
        case .notFound:
            return "HTTP 404 on \(request): nothing there; check --url (the base URL of the Halo API)"
        case .queryRefused:
            return "HTTP 422 on \(request): the API refused the query; check --starting and the checkpoint file"
        case .unexpectedStatus(let status):
            return "unexpected HTTP \(status) on \(request); check --url and --proxy"
        case .untrustedCertificate(let detail):
            return "TLS with \(endpoint.host):\(endpoint.port) failed (\(detail)): the server's certificate is not trusted; if it is signed by a private CA, give that CA with --cacert=FILE"
        case .proxyWantsCredentials:
            return "the proxy wants credentials (HTTP 407): give them in --proxy=http://user:password@host:port"
        case .hostUnknown(let peer, let detail):
            return hostUnknown(peer, detail: detail, error)
        case .attemptsExhausted(let attempts, let seconds, let last):
            return "\(gaveUp(attempts, seconds)): \(of(last, error)). \(advice(after: last))"
        case .waitTooLong(let attempts, let seconds, let last, let retryAfter, let left):
            return "\(gaveUp(attempts, seconds)): \(of(last, error)), and the server asks to wait \(format(retryAfter)) s, more than the \(format(left)) s of retry time left; the next run retries from the checkpoint"
        case .retryTimeUsedUp(let attempts, let seconds, let last, let retryTime):
            return "\(gaveUp(attempts, seconds)) (retry time of \(format(retryTime)) s used up): \(of(last, error)); the next run retries from the checkpoint"
        }
    }

    /// The passing failure `failure` of the request `error` names.
    public static func of(_ failure: TransientFailure, _ error: HaloAPIError) -> String {
        of(failure, request: error.request, endpoint: error.endpoint)
    }

    /// The passing failure `failure` of `request` to `endpoint`.
    public static func of(_ failure: TransientFailure, request: String, endpoint: HaloEndpoint) -> String {
        switch failure {
        case .rateLimited: return "rate limited (HTTP 429) on \(request)"
        case .serverError(let status): return "HTTP \(status) on \(request)"
        case .noAnswerInTime(let detail): return "no answer from \(endpoint) in time (\(detail))"
        case .closedBeforeAnswer: return "\(endpoint) closed the connection before answering"
        case .proxyTunnelFailed(let detail): return "the proxy did not open a tunnel to \(endpoint) (\(detail)); check --proxy"
        case .cutShort(let detail): return "the answer from \(endpoint) was cut short (\(detail))"
        case .tooLarge(let limit): return "the answer from \(endpoint) was larger than \(limit >> 20) MiB"
        case .notAnEventsPage: return "the answer was not a complete events page (truncated or invalid JSON)"
        case .notATokenAnswer: return "the token answer was not the expected JSON"
        case .badCompression(let detail): return "the compressed answer from \(endpoint) could not be decompressed (\(detail))"
        case .cannotConnect(let peer, let reason): return cannotConnect(peer, reason, endpoint)
        case .requestFailed(let detail): return "request to \(endpoint) failed: \(detail)"
        case .unreachable(let detail): return "cannot reach \(endpoint): \(detail)"
        }
    }

    public static func of(_ problem: HaloAPIService.Problem) -> String {
        switch problem {
        case .caCertificatesUnreadable(let path, let detail): "cannot read CA certificates from --cacert=\(path) (\(detail)): give a PEM file"
        case .caCertificatesMissing(let path): "--cacert=\(path) holds no PEM certificate"
        case .proxyVariableInvalid(let problem): of(problem)
        }
    }

    // MARK: - Command-line values

    public static func of(_ problem: HaloEndpoint.Problem, url: String) -> String {
        switch problem {
        case .notAURL: "--url=\(url) is not a URL: give the base URL, e.g. --url=https://api.cloudpassage.com"
        case .unsupportedScheme: "--url=\(url): the scheme must be https (or http for a loopback host)"
        case .extraParts: "--url=\(url): give only scheme, host, port and path (no user, query or fragment)"
        case .portOutOfRange(let port): "port \(port) is out of range: give --port (or the port in --url) between 1 and 65535"
        case .plainHTTPOffHost: "--url=\(url): plain http:// is allowed only to a loopback host (127.0.0.1, ::1, localhost); use https://"
        }
    }

    public static func of(_ problem: ProxySetting.Problem) -> String {
        switch problem {
        case .notHostAndPort: "--proxy: expected host:port or http://[user:password@]host:port"
        case .unsupportedScheme: "--proxy: only http:// proxies are supported (https to the API goes through them with CONNECT)"
        case .portOutOfRange(let port): "--proxy: port \(port) is out of range"
        case .extraParts: "--proxy: give only [user:password@]host:port"
        }
    }

    // MARK: - Notices and summaries

    /// What `halo-events` writes on stderr for `notice`: a line and its kind, or `nil` when it stays silent
    /// (`verbose`: `-v`; `quiet`: no summary of an account that succeeded).
    public static func line(for notice: ConnectorNotice, verbose: Bool, quiet: Bool) -> Diagnostics.Line? {
        switch notice {
        case .authFileOpenToOthers(let path, let mode):
            return .warning("auth file \(path) is open to group or others (mode \(String(mode, radix: 8))): it holds API secrets; run chmod 600 \(path)")
        case .startingClamped(let asked, let oldest):
            return .warning("--starting=\(asked) is more than 90 days ago; Halo keeps 90 days of events, so reading starts at \(oldest)")
        case .legacyTimestampTakenOver(let keyID, let timestamp, let file):
            return takenOver(keyID: keyID, timestamp: timestamp, file: file)
        case .startingIgnored(let starting, let keyIDs):
            return startingIgnored(starting, keyIDs: keyIDs)
        case .runRecordNotSaved(let keyID, let error):
            return runRecordNotSaved(keyID: keyID, error)
        case .pendingBatchSettled(let keyID, let events, let output, let resolution):
            switch resolution {
            case .written:
                return verbose ? .info("key \(keyID): the last batch of a crashed run (\(events) events) is whole in \(output); committed") : nil
            case .notWritten:
                return verbose ? .info("key \(keyID): the last batch of a crashed run never reached \(output); it is read again") : nil
            case .tornAndCut(let path, let length):
                return .warning("key \(keyID): a crashed run left \(length) bytes of a batch half-written at the end of \(path); cut them off, the batch is read again")
            case .fileGone:
                return .warning("key \(keyID): \(output) is no longer the file a batch of \(events) events was written to, and that file is not in its directory any more (rotated and compressed?); the batch of \(events) events is read again and may appear twice")
            case .fileChanged(let path, let size, let before, let after):
                return .warning("key \(keyID): \(path) is \(size) bytes, neither \(before) (batch not written) nor \(after) (batch written): it was changed by something else (copytruncate?); the batch of \(events) events is read again and may appear twice")
            }
        case .progress(let keyID, let pages, let events, let repeats, let rate, let read, let toRead, let secondsLeft):
            return verbose
                ? .info("key \(keyID): \(pages) pages, \(events) new events, \(repeats) repeats, \(rate) events/s" + remaining(read, of: toRead, secondsLeft))
                : nil
        case .paging(let keyID, .noTimestampToGoOn(let pages)):
            return .warning("key \(keyID): page \(pages) of a query holds no created_at to start the next query from; stopped reading this account here")
        case .paging(let keyID, .burstTooLarge(let at, let events)):
            return .warning("key \(keyID): more than \(events) events share created_at \(at); the API cannot page past them, so events of that instant beyond the first \(events) may be missing")
        case .paging(let keyID, .perPageRefused(let asked, let using)):
            return .warning("key \(keyID): the API refused pages of \(asked) events (HTTP 422); this run reads \(using) a page (set --per-page=\(using) to stop asking)")
        case .paging(let keyID, .pageDepthLimited(let refused, let depth)):
            return verbose ? .info("key \(keyID): the API refused page \(refused) of a query (HTTP 422); this run moves since on every \(depth) pages") : nil
        case .paging(let keyID, .instantIncomplete(let at, let read, let count)):
            return .warning("key \(keyID): the API counts \(count) events at created_at \(at) but returned them in a different order on every request, and only \(read) were seen; the rest may be missing")
        case .checkpointClamped(let keyID, let since, let oldest):
            return .warning("key \(keyID): the checkpoint asks for events from \(since), more than 90 days ago; Halo keeps 90 days of events, so reading starts at \(oldest)")
        case .eventsAheadOfClock(let keyID, let count, let firstID, let firstCreatedAt):
            return .warning(
                "key \(keyID): \(count) event\(count == 1 ? "" : "s") dated more than a day ahead of this host's clock (the first: id \(firstID.debugDescription), created_at \(firstCreatedAt.debugDescription)) delivered; they do not move the checkpoint, so later events are still read. Check the clocks of this host and of the event source")
        case .unmappedNotRecorded(let error):
            return .warning(
                "could not record unmapped event types in the SID database (\(error)); their events were delivered with the generic SID, and the types are recorded when next seen")
        case .outputNotClosed(let error):
            return .error(of(error))
        case .stoppedBeforeAnyAccount:
            return .info("stopped before any account ran")
        case .accountFinished(let summary):
            return quiet && summary.succeeded ? nil : .info(line(for: summary))
        case .health(let notice):
            return line(for: notice, verbose: verbose)
        }
    }

    /// One line per account: `key K: ok, …`, `key K: stopped, …` or `key K: FAILED: why …`.
    public static func line(for summary: AccountSummary) -> String {
        let (delivered, repeats, pages) = (summary.delivered, summary.repeats, summary.pages)
        let requests = summary.requests
        let late = summary.late > 0 ? " (\(summary.late) of them late arrivals)" : ""
        let filtered = summary.filtered > 0 ? ", \(summary.filtered) filtered out by type" : ""
        let counts = handedOver(delivered, summary.guarantee) + late + filtered + ", \(repeats) repeat\(repeats == 1 ? "" : "s") dropped, "
            + "\(pages) page\(pages == 1 ? "" : "s"), \(requests.requests) request\(requests.requests == 1 ? "" : "s") "
            + "(\(requests.retries) retr\(requests.retries == 1 ? "y" : "ies"), \(requests.tokensFetched) token\(requests.tokensFetched == 1 ? "" : "s")), "
            + format(summary.seconds) + " s"
        let checkpoint = "checkpoint \(summary.newest.map { $0.description } ?? "not set")"
        guard let failure = summary.failure else {
            guard !summary.stopped else { return "key \(summary.keyID): stopped, \(counts); \(checkpoint) (the next run goes on from there)" }
            return "key \(summary.keyID): ok, \(counts); \(checkpoint)"
        }
        return "key \(summary.keyID): FAILED: \(of(failure)). Before that: \(counts); \(checkpoint) (nothing after it was committed)"
    }

    public static func format(_ seconds: Double) -> String { decimal(seconds, digits: 1) }

    public static func text(errno code: Int32) -> String { String(cString: strerror(code)) }
}
