import ArgumentParser
import HaloCommandLine
import HaloConnector
import HaloModel

/// `halo-events checkpoint show|set|rewind`: an account's checkpoint, seen and moved.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Shows or moves the checkpoints of the accounts in the auth file.",
        discussion: """
            Give it the --auth and --configdir of the cron line (before or after `checkpoint`). `set` and `rewind` \
            take the run lock in --configdir, as a run does: while a run holds it they change nothing and exit 75. \
            They settle a batch a crashed run left pending first, as a run would.

            Exit status: 0 done; 64 bad flags, or a key id neither in the auth file nor with a checkpoint, or \
            nothing to rewind; 75 a run holds the lock; 78 the auth file or a checkpoint cannot be read or saved.
            """,
        subcommands: [CheckpointShow.self, CheckpointSet.self, CheckpointRewind.self])
}

/// The accounts a checkpoint subcommand works on: `--key`, else every key of the auth file.
struct CheckpointKeys: ParsableArguments {
    @Option(name: .customLong("key"), help: ArgumentHelp("The account's key id (repeatable; default: every key of the auth file).", valueName: "KEY_ID"))
    var keyIDs: [String] = []

    /// The store of the run's flags and the key ids named; exits 78 when the auth file cannot be read and
    /// fails with a usage error for a key id it does not know.
    func resolve(_ flags: HaloEventsCommand) throws -> (CheckpointStore, [String]) {
        let (configuration, _) = try flags.makeConfiguration()
        let store = CheckpointStore(directory: configuration.configDirectory, authFile: configuration.authFile)
        let listed: [String]
        do { listed = try AuthFile.load(path: configuration.authFile).keys.map(\.keyID) } catch {
            Diagnostics.standardError.error(Sentences.of(error))
            throw ExitCode(ExitStatus.configuration.rawValue)
        }
        guard !keyIDs.isEmpty else { return (store, listed) }
        let known = Set(listed).union((try? store.keyIDsWithCheckpoints()) ?? [])
        for keyID in keyIDs where !known.contains(keyID) {
            throw ValidationError("--key=\(keyID) is not in \(configuration.authFile) and has no checkpoint in \(configuration.configDirectory)")
        }
        return (store, keyIDs)
    }
}

/// `checkpoint show`.
struct CheckpointShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Shows each account's checkpoint: the newest event delivered, the ids kept, a pending batch.")

    @ParentCommand var flags: HaloEventsCommand
    @OptionGroup var keys: CheckpointKeys

    func run() throws {
        let (store, keyIDs) = try keys.resolve(flags)
        let now = HaloTimestamp.now
        for keyID in keyIDs {
            do { _ = try store.load(keyID: keyID) } catch {
                Diagnostics.standardError.error(Sentences.of(error))
                throw ExitCode(ExitStatus.configuration.rawValue)
            }
            for line in Sentences.show(AccountStatus(keyID: keyID, store: store, now: now, stale: .infinity), now: now) { print(line) }
        }
    }
}

/// `checkpoint set ISO8601`.
struct CheckpointSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Moves each account's checkpoint to a time: the next run reads from there (events after it delivered again when it is back).")

    @ParentCommand var flags: HaloEventsCommand
    @OptionGroup var keys: CheckpointKeys

    @Argument(help: ArgumentHelp("The time (ISO-8601), at most 90 days back.", valueName: "ISO8601"))
    var time: String

    func run() throws {
        guard let point = HaloTimestamp(iso8601: time) else {
            throw ValidationError("\(time) is not an ISO-8601 date or time (e.g. 2024-05-01 or 2024-05-01T12:00:00Z)")
        }
        let now = HaloTimestamp.now
        guard point <= now else { throw ValidationError("\(time) is in the future") }
        guard point >= ConnectorConfiguration.oldestReadable(now: now) else { throw ValidationError("\(time) is more than 90 days ago: Halo keeps 90 days") }
        let (store, keyIDs) = try keys.resolve(flags)
        try CheckpointMove.perform(store: store, keyIDs: keyIDs) { _ in point }
    }
}

/// `checkpoint rewind DURATION`.
struct CheckpointRewind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewind",
        abstract: "Moves each account's checkpoint back: the next run delivers the events of that window again, once each.")

    @ParentCommand var flags: HaloEventsCommand
    @OptionGroup var keys: CheckpointKeys

    @Argument(help: ArgumentHelp("How far back from the checkpoint (e.g. 2h, 30m, 1d), at most 90 days.", valueName: "DURATION"),
              transform: DurationArgument.parser(flag: "rewind", atMost: DurationArgument(.seconds(90 * 86_400))))
    var window: DurationArgument

    func run() throws {
        let (store, keyIDs) = try keys.resolve(flags)
        let oldest = ConnectorConfiguration.oldestReadable(now: .now)
        try CheckpointMove.perform(store: store, keyIDs: keyIDs) { keyID in
            guard let newest = try store.load(keyID: keyID)?.cursor.newest else {
                throw ValidationError("key \(keyID) has no checkpoint to rewind: use `halo-events checkpoint set ISO8601 --key \(keyID)`")
            }
            return max(newest.adding(seconds: -window.seconds), oldest)
        }
    }
}

/// Moving checkpoints under the run lock.
enum CheckpointMove {
    /// Takes the run lock (exit 75 when a run holds it) and moves each account's checkpoint to `point(keyID)`,
    /// saying what moved.
    static func perform(store: CheckpointStore, keyIDs: [String], to point: (String) throws -> HaloTimestamp) throws {
        let diagnostics = Diagnostics.standardError
        let lock: RunLock
        do { lock = try RunLock.acquire(in: store.directory) } catch {
            diagnostics.error(Sentences.of(error))
            throw ExitCode(isLockHeld(error) ? ExitStatus.lockHeld.rawValue : ExitStatus.configuration.rawValue)
        }
        let observer = RunObserver { notice in
            if let line = Sentences.line(for: notice, verbose: false, quiet: false) { diagnostics.say(line) }
        }
        for keyID in keyIDs {
            do {
                let old = try store.load(keyID: keyID)?.cursor.newest
                let moved = try store.reposition(keyID: keyID, to: try point(keyID), holding: lock, observer: observer)
                print(Sentences.moved(keyID, from: old, to: moved))
            } catch let error as ConnectorError {
                diagnostics.error(Sentences.of(error))
                throw ExitCode(ExitStatus.configuration.rawValue)
            }
        }
    }

    private static func isLockHeld(_ error: ConnectorError) -> Bool {
        if case .lockHeld = error.code { return true }
        return false
    }
}
