/// A flag or flag value that cannot work (exit status 64). The message names the flag and what to do.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A problem with the files and directories the run needs (exit status 78): the auth file, the config
/// directory, the output, the SID database. The message names the file and what to do.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Why one account's run stopped. The message names the account by key id (never the secret), what
/// failed, and what to do; the account's checkpoint is left where the last delivered batch put it.
public struct AccountError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
