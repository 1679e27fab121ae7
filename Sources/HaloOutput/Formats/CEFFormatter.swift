import HaloModel

/// The OSSIM line: ArcSight CEF exactly as `docs/cef-line.md` specifies it, the contract with the generated
/// plugin rules.
///
/// ```
/// CEF:0|CloudPassage|CPHalo|<version>|<SID>|<name>|<severity>|rt=… src=… dst=… … msg=…
/// ```
/// Header fields escape `\` and `|`; extension values escape `\` and `=`; both write LF, CR and TAB as
/// `\n`, `\r`, `\t` and every other control or non-ASCII character as `\uXXXX` (`\UXXXXXXXX` above U+FFFF):
/// the line is ASCII. Extension keys come in the contract's
/// fixed order; keys without a value are left out, except `rt`, `cat` and `externalId`.
public struct CEFFormatter: EventFormatter {
    /// The version written in the header.
    public let productVersion: String
    /// `CEF:0|CloudPassage|CPHalo|<version>|`, escaped once.
    private let prefix: String

    public init(productVersion: String = HaloToolkit.version) {
        self.productVersion = productVersion
        prefix = "CEF:0|CloudPassage|CPHalo|" + CEFFields.header.escaped(productVersion) + "|"
    }

    public func format(_ event: HaloEvent, as classification: EventClassification, into line: inout String) {
        var out = LineBuffer(capacity: 1024)
        let fields = CEFFields(event, escapingInto: &out)
        let lineStart = out.count
        out.append(prefix)
        out.append(decimal: classification.sid)
        out.append("|")
        fields.appendHeaderName(else: classification.name, to: &out)
        out.append(fields.isCritical ? "|9|rt=" : "|3|rt=")
        // When Halo sent no usable `created_at` (never seen), the event is dated when it was formatted;
        // `cs6` still carries whatever was sent.
        TimeText.appendCEF(fields.createdAt ?? TimeText.now(), to: &out)
        // Only addresses an OSSIM asset inventory can know: no loopback (the agent would store the sensor's own
        // address), no zone suffix (the agent would store 0.0.0.0). The server's primary address first.
        if fields.isHostAddress(.actorIP, in: out) { fields.append(" src=", .actorIP, to: &out) }
        if let server = fields.hostAddress(.serverPrimaryIP, else: .serverIP, in: out) { fields.append(" dst=", server, to: &out) }
        fields.append(" dhost=", .serverHostname, to: &out)
        fields.append(" suser=", .actorUsername, to: &out)
        fields.append(" fname=", .objectName, to: &out)
        out.append(" cat=")
        fields.appendValue(fields.first(.type, else: .name), to: &out)
        out.append(" externalId=")
        fields.appendValue(.id, to: &out)
        fields.append(" cs1Label=serverLabel cs1=", fields.first(.serverLabel, else: .serverDisplayName), to: &out)
        fields.append(" cs2Label=serverGroup cs2=", .serverGroupName, to: &out)
        fields.append(" cs3Label=policy cs3=", .policyName, to: &out)
        fields.append(" cs4Label=rule cs4=", .ruleName, to: &out)
        fields.append(" cs5Label=actorCountry cs5=", .actorCountry, to: &out)
        fields.append(" cs6Label=createdAt cs6=", .createdAt, to: &out)
        fields.append(" deviceExternalId=", .serverID, to: &out)
        fields.append(" suid=", .actorKeyID, to: &out)
        fields.append(" flexString1Label=actorKeyLabel flexString1=", .actorKeyLabel, to: &out)
        fields.append(" flexString2Label=serverPlatform flexString2=", .serverPlatform, to: &out)
        fields.append(" msg=", .message, to: &out)
        out.write(from: lineStart, to: &line)
    }
}
