import Foundation
import HaloModel

/// The ground truth `halo-sim --truth FILE` writes: every event the emulator will ever serve, one
/// `{"account":KEY_ID,"event":{…}}` line each, in the order each account serves them.
public struct TruthLog: Sendable {
    /// Every event, in file order.
    public let events: [TruthEvent]

    /// Reads the truth file at `path`; a line that is not one truth record is an error.
    public init(path: String) throws {
        events = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try TruthEvent(jsonLine: $0) }
    }

    /// The events account `keyID` serves, in order.
    public func events(ofAccount keyID: String) -> [HaloEvent] { events.filter { $0.account == keyID }.map(\.event) }

    /// The event ids of each account, in order, by key id.
    public var idsByAccount: [String: [String]] { Dictionary(grouping: events, by: \.account).mapValues { $0.map(\.id) } }
}

/// One event of the emulator's ground truth.
public struct TruthEvent: Sendable {
    /// The key id of the account that serves it.
    public let account: String
    /// The event as the emulator serves it.
    public let event: HaloEvent

    /// Why a line is not a truth record.
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    private struct Record: Decodable {
        var account: String
        var event: HaloEvent
    }

    /// Decodes one line of a truth file.
    public init(jsonLine line: Substring) throws {
        guard let record = try? JSONDecoder().decode(Record.self, from: Data(line.utf8)) else {
            throw FormatError(description: "not a truth line: \(line.prefix(200))")
        }
        account = record.account
        event = record.event
    }

    /// The event's id (`""` when it has none).
    public var id: String { event.id ?? "" }

    /// A string field, `nil` when missing, `null` or not a string.
    public func string(_ key: String) -> String? {
        if case .string(let text) = event.fields[key] { return text }
        return nil
    }
}
