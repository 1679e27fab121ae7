import HaloModel
import HaloPlatform

/// The functions a plugin value can call (`{normalize_date($x)}`, `{translate($x)}`, `{resolv($x)}`, and the
/// generated custom functions `{:halo_text($x)}`, `{:halo_date($x)}`, `{:halo_ip($x)}` of ``PluginFunctions``),
/// as far as the tester implements them.
enum RuleFunction: String, CaseIterable {
    case normalizeDate = "normalize_date"
    case translate
    case resolv
    case haloText = ":halo_text"
    case haloDate = ":halo_date"
    case haloIP = ":halo_ip"

    /// The function a template names (`normalize_date`, `:halo_text`).
    init?(called name: Substring) { self.init(rawValue: String(name)) }

    /// The function applied to `value`; `nil` when it cannot (the caller keeps the value and warns).
    func apply(_ value: String, translations: [(key: String, value: String)]) -> String? {
        switch self {
        case .normalizeDate:
            return NormalizedDate.normalize(value)
        case .translate:
            let key = value.lowercased()
            return translations.first { $0.key == key }?.value ?? translations.first { $0.key == "_default_" }?.value ?? value
        case .resolv:
            // The tester never does DNS: an address stays as it is, a name cannot be checked.
            return value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isASCIIHexDigit || $0 == "." || $0 == ":") } ? value : nil
        case .haloText: return CEFValue.decoded(value)
        case .haloDate: return CEFValue.date(value)
        case .haloIP:
            let address = value.trimmingWhitespaceAndNewlines()
            return address.isEmpty ? PluginFunctions.noAddress : address
        }
    }
}

/// ossim-agent's `normalize_date` for the forms Halo lines carry: CEF `rt` (`Aug 22 2016 16:24:30`,
/// syslog-ng style), syslog (`Aug 22 16:24:30`, this year) and ISO-8601; the result is OSSIM's
/// `YYYY-MM-DD HH:MM:SS`.
enum NormalizedDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func normalize(_ text: String, currentYear: Int = currentUTCYear()) -> String? {
        if let timestamp = HaloTimestamp(iso8601: text) {
            let c = timestamp.civil
            return format(c.year, c.month, c.day, c.hour, c.minute, c.second)
        }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3 || words.count == 4,
              let month = months.firstIndex(of: words[0].lowercased()).map({ $0 + 1 }),
              let day = Int(words[1]), (1...31).contains(day)
        else { return nil }
        let year = words.count == 4 ? Int(words[2]) : currentYear
        let time = words.last!.split(separator: ":")
        guard let year, time.count == 3, let h = Int(time[0]), let m = Int(time[1]), let s = Int(time[2]),
              (0..<24).contains(h), (0..<60).contains(m), (0..<61).contains(s)
        else { return nil }
        return format(year, month, day, h, m, s)
    }

    private static func format(_ values: Int...) -> String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(values[0])-\(two(values[1]))-\(two(values[2])) \(two(values[3])):\(two(values[4])):\(two(values[5]))"
    }

    static func currentUTCYear() -> Int {
        HaloTimestamp(secondsSince1970: Double(time(nil))).civil.year
    }
}

