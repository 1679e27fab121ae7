import HaloModel

/// The SID numbers the table uses, and what each range is for (docs/sidbuilder.md, "SID ranges").
public enum SIDRanges {
    /// Every SID OSSIM accepts (`plugin_sid.sid` is a signed 32-bit INT; 0 is not a SID).
    public static let valid: ClosedRange<Int> = 1...2_147_483_647
    /// SIDs taken over from the original plugin and the later Halo connector.
    public static let original: ClosedRange<Int> = 1...9_999
    /// A type whose connector SID is the original plugin's SID for something else moves to
    /// `displacedOffset + connector SID` (e.g. `key_created`, connector 812, gets 10812).
    public static let displacedOffset = 10_000
    /// Where `sync` numbers the types the connector recorded as unmapped: the next SID above the
    /// highest one already in this range.
    public static let sync: ClosedRange<Int> = 100_000...999_999
    /// The connector's own health events (`halo_connector_*` types, written by `halo-events --health`): no
    /// Halo type is ever numbered here (Halo's SIDs are below 20000, `sync`'s from 100000).
    public static let connectorHealth: ClosedRange<Int> = 90_000...90_999
    /// SID 2000000000, "Halo: Generic event": what events of unknown types get.
    public static let generic = EventClassification.genericSID
}
