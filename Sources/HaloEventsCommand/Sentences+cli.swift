import HaloConnector

extension Sentences {
    /// What `-v` progress adds when the API said how many events the read goes through: how far it is and
    /// about how long is left at this pace (`read` of about `toRead`; nothing when the API gave no count).
    static func remaining(_ read: Int, of toRead: Int?, _ secondsLeft: Int?) -> String {
        guard let toRead else { return "" }
        let left = secondsLeft.map { ", about \(duration($0)) left" } ?? ""
        return "; \(read) of about \(toRead) read" + left
    }

    /// `42 s`, `3 min 20 s`, `2 h 5 min`.
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3_600 { return "\(seconds / 60) min \(seconds % 60) s" }
        return "\(seconds / 3_600) h \((seconds % 3_600) / 60) min"
    }

    /// The line that ends a run of several accounts, after their own: how many succeeded, failed or
    /// stopped, and the events, requests and time over all of them.
    public static func closingLine(for accounts: [AccountSummary]) -> String {
        let failed = accounts.count(where: { !$0.succeeded })
        let stopped = accounts.count(where: { $0.succeeded && $0.stopped })
        let ok = accounts.count - failed - stopped
        var states = ["\(ok) ok"]
        if failed > 0 { states.append("\(failed) failed") }
        if stopped > 0 { states.append("\(stopped) stopped") }
        let delivered = accounts.reduce(0) { $0 + $1.delivered }
        let filtered = accounts.reduce(0) { $0 + $1.filtered }
        let requests = accounts.reduce(0) { $0 + $1.requests.requests }
        let seconds = accounts.map(\.seconds).max() ?? 0
        let guarantee = accounts.first?.guarantee ?? .exactlyOnce
        return "all \(accounts.count) accounts: \(states.joined(separator: ", ")); \(handedOver(delivered, guarantee))"
            + (filtered > 0 ? ", \(filtered) filtered out by type" : "")
            + ", \(requests) request\(requests == 1 ? "" : "s"), \(format(seconds)) s"
    }

    /// Why the key in the environment cannot be used (never its secret).
    static func of(_ problem: KeySource.Problem) -> String {
        let (key, secret) = (KeySource.keyVariable, KeySource.secretVariable)
        switch problem {
        case .missing(let variable):
            return "\(variable) is not set, but \(variable == key ? secret : key) is: set both (one Halo account), or neither to use an auth file"
        case .keyIDInvalid:
            return "\(key) is not a Halo key id (letters, digits, `-` and `_`, at most 64 characters)"
        case .secretInvalid(let keyID):
            return "\(secret) (key \(keyID)) holds a blank, `|`, control or non-ASCII character: copy it again from the Halo portal"
        }
    }

    /// An argument error of `halo-events` (the parser's message, and its help of the flag at fault), in one
    /// line naming the program.
    public static func argumentError(_ message: String, help: String? = nil) -> String {
        message + (help.map { "; \($0)" } ?? "") + " (halo-events --help lists the flags)"
    }
}
