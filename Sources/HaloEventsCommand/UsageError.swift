/// A flag or flag value that cannot work (exit status 64). The message names the flag and what to do.
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
