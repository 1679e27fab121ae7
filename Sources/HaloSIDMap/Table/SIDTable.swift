import HaloModel

/// The whole SID table as a value: what the seed file holds, what ``SIDStore`` loads, and what the
/// generators (``OSSIMSQLGenerator``, ``PluginGenerator``) and ``SIDResolver`` read.
public struct SIDTable: Sendable, Hashable {
    /// The OSSIM plugin the SIDs belong to.
    public var plugin: PluginInfo
    /// The field sets the plugin rules are generated from, in rule order (`any` is implicit).
    public var fieldSets: [FieldSet]
    /// One entry per SID, ordered by SID.
    public var entries: [SIDEntry]

    public init(plugin: PluginInfo, fieldSets: [FieldSet], entries: [SIDEntry]) {
        self.plugin = plugin
        self.fieldSets = fieldSets
        self.entries = entries.sorted { $0.sid < $1.sid }
    }

    /// The entry with this SID.
    public func entry(sid: Int) -> SIDEntry? {
        entries.first { $0.sid == sid }
    }

    /// The entry a Halo `type` key maps to.
    public func entry(type: String) -> SIDEntry? {
        entries.first { $0.types.contains(type) }
    }

    /// The entry a legacy event name maps to (compared lower-cased).
    public func entry(legacyName: String) -> SIDEntry? {
        let key = legacyName.lowercased()
        return entries.first { $0.legacyNames.contains(key) }
    }

    /// The field set with this name (`any` is the catch-all and has none).
    public func fieldSet(named name: String) -> FieldSet? {
        fieldSets.first { $0.name == name }
    }
}

/// The OSSIM plugin row (`plugin` table): one per table.
public struct PluginInfo: Sendable, Hashable {
    /// `plugin.id` and the `plugin_id` of the agent plugin (user plugins take 9000-9999).
    public var id: Int
    /// `plugin.name`.
    public var name: String
    /// `plugin.description`.
    public var description: String
    /// `plugin.product_type` (an id of data/ossim-taxonomy.tsv).
    public var productType: Int
    /// `plugin.vendor`.
    public var vendor: String

    public init(id: Int, name: String, description: String, productType: Int, vendor: String) {
        self.id = id
        self.name = name
        self.description = description
        self.productType = productType
        self.vendor = vendor
    }
}

/// A named set of plugin event fields: the SIDs that use it get a rule of their own that extracts these
/// fields (besides ``PluginField/common``) and accepts no CEF key that would fill any other field.
public struct FieldSet: Sendable, Hashable {
    /// The set's name, e.g. `actor`. `any` is reserved for the catch-all rule.
    public var name: String
    /// The optional fields the rule extracts, in ``PluginField`` order.
    public var fields: [PluginField]

    /// The name of the implicit set whose SIDs are parsed by the catch-all rule.
    public static let catchAllName = "any"

    public init(name: String, fields: [PluginField]) {
        self.name = name
        self.fields = PluginField.allCases.filter(fields.contains)
    }
}

/// One SID: what OSSIM shows and scores for it, and which Halo events map to it.
public struct SIDEntry: Sendable, Hashable {
    /// `plugin_sid.sid`; also the CEF signature id.
    public var sid: Int
    /// `plugin_sid.name`, e.g. `Halo: Halo login failure`.
    public var name: String
    /// Halo `type` keys mapped to this SID; the first is the entry's own type. Empty for SIDs known only
    /// by legacy names (and for the generic SID).
    public var types: [String]
    /// Lower-case event names of old events (no `type`) mapped to this SID.
    public var legacyNames: [String]
    /// `plugin_sid.category_id`.
    public var categoryID: Int
    /// `plugin_sid.subcategory_id`.
    public var subcategoryID: Int
    /// `plugin_sid.priority`, in ``priorities`` (0...5).
    public var priority: Int
    /// `plugin_sid.reliability`, in ``reliabilities`` (0...10).
    public var reliability: Int
    /// Whether the SID is on the elevation list (raised so that it alarms on valuable assets).
    public var elevated: Bool
    /// The field set whose rule parses this SID's lines (``FieldSet/catchAllName`` for the catch-all).
    public var fieldSet: String
    /// The LEEF category of the type, when the later Halo connector gave it one.
    public var leefCategory: String?
    /// The SID the later Halo connector gave the type, when this table gives it another one.
    public var connectorSID: Int?

    public init(
        sid: Int, name: String, types: [String] = [], legacyNames: [String] = [],
        categoryID: Int, subcategoryID: Int, priority: Int = SIDEntry.normalPriority,
        reliability: Int = SIDEntry.normalReliability, elevated: Bool = false,
        fieldSet: String = FieldSet.catchAllName, leefCategory: String? = nil, connectorSID: Int? = nil
    ) {
        self.sid = sid
        self.name = name
        self.types = types
        self.legacyNames = legacyNames
        self.categoryID = categoryID
        self.subcategoryID = subcategoryID
        self.priority = priority
        self.reliability = reliability
        self.elevated = elevated
        self.fieldSet = fieldSet
        self.leefCategory = leefCategory
        self.connectorSID = connectorSID
    }

    /// Priority and reliability of an event on the elevation list, unless set otherwise.
    public static let elevatedPriority = 3, elevatedReliability = 3
    /// Priority and reliability of every other event, unless set otherwise.
    public static let normalPriority = 1, normalReliability = 1
    /// The priorities and reliabilities OSSIM knows (`plugin_sid.priority`, `plugin_sid.reliability`).
    public static let priorities = 0...5, reliabilities = 0...10

    /// The classification the connector hands to the formats.
    public var classification: EventClassification {
        EventClassification(sid: sid, name: name, leefCategory: leefCategory, isMapped: sid != EventClassification.genericSID)
    }
}
