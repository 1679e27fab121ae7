import HaloModel

/// IBM QRadar's LEEF 1.0: a `|`-delimited header, then tab-delimited `key=value` attributes.
///
/// ```
/// LEEF:1.0|CloudPassage|CPHalo|<version>|<event id>|devTime=…<TAB>devTimeFormat=…<TAB>cat=…<TAB>sev=…<TAB>…
/// ```
/// The event id is the event's `type`, else its `name`, else the SID table's name. The LEEF attributes come
/// first (`devTime`/`devTimeFormat` when `created_at` parses, `cat` when the SID table has a LEEF category,
/// `sev`, `src`/`dst` when they are IP literals, `usrName`), then every Halo field that is not `null`, under
/// its own name, in name order, so the event travels whole. A Halo field named like one of those LEEF
/// attributes is written as `halo_<name>`.
///
/// Escaping: `\` as `\\`, TAB as `\t`, LF as `\n`, CR as `\r`, other control characters as `\uXXXX`, so
/// no value can hold the attribute delimiter or a line break. Keys also escape `=` as `\=`; values keep `=`
/// as it is (an attribute splits at its first `=`). The header escapes `|` as `\|`; attributes keep `|`,
/// which only the header uses as a delimiter.
public struct LEEFFormatter: EventFormatter {
    /// The version written in the header.
    public let productVersion: String
    /// `LEEF:1.0|CloudPassage|CPHalo|<version>|`, escaped once.
    private let prefix: String

    /// The Java date pattern of `devTime`, for QRadar.
    public static let devTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSX"
    /// The attribute names this formatter writes itself.
    static let ownKeys: Set<String> = ["devTime", "devTimeFormat", "cat", "sev", "src", "dst", "usrName"]

    private static let header = LineEscaper(delimiter: "|")
    private static let key = LineEscaper(delimiter: "=")
    private static let value = LineEscaper(delimiter: nil)

    public init(productVersion: String = HaloToolkit.version) {
        self.productVersion = productVersion
        prefix = "LEEF:1.0|CloudPassage|CPHalo|" + Self.header.escaped(productVersion) + "|"
    }

    public func format(_ event: HaloEvent, as classification: EventClassification, into line: inout String) {
        var out = LineBuffer(capacity: 1024)
        out.append(prefix)
        Self.header.append(event.value("type", else: "name") ?? classification.name, to: &out)
        out.append("|")
        if let time = event.createdAt {
            out.append("devTime=")
            out.append(time.iso8601(fractionDigits: 3))
            out.append("\tdevTimeFormat=")
            out.append(Self.devTimeFormat)
            out.append("\t")
        }
        if let category = classification.leefCategory, !category.isEmpty {
            out.append("cat=")
            Self.value.append(category, to: &out)
            out.append("\t")
        }
        out.append(event.isCritical ? "sev=9" : "sev=3")
        if let ip = event.value("actor_ip_address"), isIPAddressLiteral(ip) {
            out.append("\tsrc=")
            out.append(ip)
        }
        if let ip = event.value("server_ip_address", else: "server_primary_ip_address"), isIPAddressLiteral(ip) {
            out.append("\tdst=")
            out.append(ip)
        }
        if let user = event.value("actor_username") {
            out.append("\tusrName=")
            Self.value.append(user, to: &out)
        }
        for name in event.fields.keys.sorted() {
            guard let text = event.fields[name]?.text else { continue }
            out.append(Self.ownKeys.contains(name) ? "\thalo_" : "\t")
            Self.key.append(name, to: &out)
            out.append("=")
            Self.value.append(text, to: &out)
        }
        out.write(to: &line)
    }
}
