import HaloModel

/// The OSSIM line: ArcSight CEF exactly as `docs/cef-line.md` specifies it, the contract with the generated
/// plugin rules.
///
/// ```
/// CEF:0|CloudPassage|CPHalo|<version>|<SID>|<name>|<severity>|rt=… src=… dst=… … msg=…
/// ```
/// Header fields escape `\` and `|`; extension values escape `\` and `=`; both write LF, CR and TAB as
/// `\n`, `\r`, `\t` and every other control character as `\uXXXX`. Extension keys come in the contract's
/// fixed order; keys without a value are left out, except `rt`, `cat` and `externalId`.
public struct CEFFormatter: EventFormatter {
    /// The version written in the header.
    public let productVersion: String
    /// `CEF:0|CloudPassage|CPHalo|<version>|`, escaped once.
    private let prefix: String

    private static let header = LineEscaper(delimiter: "|")
    private static let value = LineEscaper(delimiter: "=")

    public init(productVersion: String = HaloToolkit.version) {
        self.productVersion = productVersion
        var prefix = LineBuffer(capacity: 64)
        prefix.append("CEF:0|CloudPassage|CPHalo|")
        Self.header.append(productVersion, to: &prefix)
        prefix.append("|")
        var text = ""
        prefix.write(to: &text)
        self.prefix = text
    }

    public func format(_ event: HaloEvent, as classification: EventClassification, into line: inout String) {
        let fields = CEFFields(event)
        let message = fields[.message]
        let createdAt = fields[.createdAt]
        var out = LineBuffer(capacity: 640 + (message?.utf8.count ?? 0))

        out.append(prefix)
        out.append(decimal: classification.sid)
        out.append("|")
        Self.header.append(fields[.name] ?? classification.name, to: &out)
        out.append(event.isCritical ? "|9|rt=" : "|3|rt=")
        // When Halo sent no usable `created_at` (never seen), the event is dated when it was formatted;
        // `cs6` still carries whatever was sent.
        TimeText.appendCEF(createdAt.flatMap { HaloTimestamp(iso8601: $0) } ?? TimeText.now(), to: &out)
        if let ip = fields[.actorIP], isIPAddressLiteral(ip) { append(" src=", ip, to: &out) }
        if let ip = fields[.serverIP, else: .serverPrimaryIP], isIPAddressLiteral(ip) { append(" dst=", ip, to: &out) }
        append(" dhost=", fields[.serverHostname], to: &out)
        append(" suser=", fields[.actorUsername], to: &out)
        append(" fname=", fields[.objectName], to: &out)
        append(" cat=", fields[.type, else: .name] ?? "", to: &out)
        append(" externalId=", fields[.id] ?? "", to: &out)
        append(" cs1Label=serverLabel cs1=", fields[.serverLabel, else: .serverDisplayName], to: &out)
        append(" cs2Label=serverGroup cs2=", fields[.serverGroupName], to: &out)
        append(" cs3Label=policy cs3=", fields[.policyName], to: &out)
        append(" cs4Label=rule cs4=", fields[.ruleName], to: &out)
        append(" cs5Label=actorCountry cs5=", fields[.actorCountry], to: &out)
        append(" cs6Label=createdAt cs6=", createdAt, to: &out)
        append(" deviceExternalId=", fields[.serverID], to: &out)
        append(" suid=", fields[.actorKeyID], to: &out)
        append(" flexString1Label=actorKeyLabel flexString1=", fields[.actorKeyLabel], to: &out)
        append(" flexString2Label=serverPlatform flexString2=", fields[.serverPlatform], to: &out)
        append(" msg=", message, to: &out)
        out.write(to: &line)
    }

    /// `key` (the separating space, the key and `=`, e.g. `" src="`) and the escaped value, or nothing when
    /// there is no value.
    @inline(__always)
    private func append(_ key: String, _ value: String?, to out: inout LineBuffer) {
        guard let value else { return }
        out.append(key)
        Self.value.append(value, to: &out)
    }
}
