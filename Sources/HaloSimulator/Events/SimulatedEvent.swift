import HaloModel

/// One generated event: its fields in the order the emulator serves them, and its place in the stream.
public struct SimulatedEvent: Sendable {
    /// The account's position (see ``SimulatedAccount/index``).
    public let accountIndex: Int
    /// Position in the account's stream (ascending `created_at`).
    public let index: Int
    /// `created_at`, parsed.
    public let createdAt: HaloTimestamp
    /// How long after the simulator started it becomes visible: for a late arrival, the time until it
    /// arrives (zero if it arrived before the start); for another event, the time until its `created_at`
    /// on a live service. `nil`: visible at once.
    public let visibleAfter: Duration?
    /// The service time from which it is served: its `created_at`, or for a late arrival the moment it
    /// arrives (`created_at` + its lateness, or the start plus its wave's delay). Compare with
    /// ``HaloSimulator/serviceTime``.
    public let visibleAt: HaloTimestamp
    /// The fields, in the order served.
    public let fields: [EventField]

    /// The event id (32 hex digits, unique per simulator).
    public var id: String { fields[0].value.stringValue ?? "" }

    /// Whether this is an old-style event (`name` only, microsecond timestamp, `critical` as a string).
    public var isOldStyle: Bool { !fields.contains { $0.name == "type" } }

    /// The event as the shared model sees it.
    public var event: HaloEvent {
        HaloEvent(fields: Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The event as the compact JSON object the emulator serves (fields in served order).
    public var json: String {
        var bytes: [UInt8] = []
        JSONText.appendEvent(self, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One field of a generated event.
public struct EventField: Sendable, Hashable {
    /// The field name, e.g. `server_hostname`.
    public let name: String
    /// The value as served (string, boolean or `null`).
    public let value: JSONValue

    /// A field `name` with `value`.
    public init(_ name: String, _ value: JSONValue) {
        self.name = name
        self.value = value
    }
}
