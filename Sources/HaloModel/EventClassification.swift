/// What the SID table says about one event: resolved once per event by the connector (from `type`, then
/// the legacy lower-case `name`, else the generic SID) and handed to every format.
public struct EventClassification: Sendable, Hashable {
    /// The OSSIM plugin SID (`plugin_sid`), also the CEF signature id.
    public var sid: Int
    /// The display name the SID table gives this SID.
    public var name: String
    /// The LEEF category of the type (from the shared data the seed was built from: `shared/data/halo-event-types.tsv`), when it has one.
    public var leefCategory: String?
    /// Whether the SID table knew the event's type or name (false: the generic SID was used).
    public var isMapped: Bool

    public init(sid: Int, name: String, leefCategory: String? = nil, isMapped: Bool = true) {
        self.sid = sid
        self.name = name
        self.leefCategory = leefCategory
        self.isMapped = isMapped
    }

    /// SID 2000000000, "Halo: Generic event": what an event of an unknown type gets.
    public static let genericSID = 2_000_000_000
    public static let generic = EventClassification(sid: genericSID, name: "Halo: Generic event", isMapped: false)
}
