/// Names and taxonomy guesses for Halo types the table does not know yet (`sync`).
public enum TypeNaming {
    private static let acronyms: [String: String] = [
        "api": "API", "csp": "CSP", "cve": "CVE", "fim": "FIM", "ip": "IP", "ips": "IPs", "km": "KM",
        "lids": "LIDS", "sam": "SAM", "sca": "SCA", "sms": "SMS", "ssh": "SSH", "svm": "SVM", "totp": "TOTP",
        "uid": "UID",
    ]

    /// `fim_baseline_invalid` → `Halo: FIM baseline invalid`; `ServerEvents::FooBar` → `Halo: Server events foo bar`.
    public static func displayName(forType type: String) -> String {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in type {
            if character == "_" || character == ":" || character == " " || character == "-" {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, let previous, previous.isLowercase {
                words.append(current)
                current = String(character)
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        let spelled = words.map { acronyms[$0.lowercased()] ?? $0.lowercased() }.joined(separator: " ")
        guard let first = spelled.first else { return "Halo: \(type)" }
        return "Halo: " + first.uppercased() + spelled.dropFirst()
    }

    /// A display name for an unmapped type: Halo's own event name when the connector saw one that fits
    /// an OSSIM name, else one made from the type key.
    public static func displayName(type: String?, haloName: String?) -> String {
        if let haloName, !haloName.isEmpty,
           SIDEntryRules.textProblems("Halo: " + haloName, what: "", maxLength: SIDEntryRules.maxNameLength, allowsLineBreaks: false).isEmpty {
            return "Halo: " + haloName.prefix(1).uppercased() + haloName.dropFirst()
        }
        return displayName(forType: type ?? haloName ?? "unknown event")
    }

    /// An OSSIM (category, subcategory) for a type from the words in its key or name; `Info/Misc` when
    /// nothing fits.
    public static func guessTaxonomy(type: String?, haloName: String?, taxonomy: OSSIMTaxonomy = .builtIn) -> (categoryID: Int, subcategoryID: Int) {
        let joined = [type, haloName].compactMap { $0?.lowercased() }.joined(separator: " ")
        let text = String(String.UnicodeScalarView(joined.unicodeScalars.map { $0 == "_" || $0 == "-" ? " " : $0 }))
        for (words, category, subcategory) in guesses where words.contains(where: text.contains) {
            if let c = taxonomy.category(category), let s = taxonomy.subcategory(subcategory, in: c.id) {
                return (c.id, s.id)
            }
        }
        let info = taxonomy.category("Info")!
        return (info.id, taxonomy.subcategory("Misc", in: info.id)!.id)
    }

    private static let guesses: [([String], String, String)] = [
        (["login failure", "login failed", "authentication failed"], "Authentication", "Failed"),
        (["login success", "logged in"], "Authentication", "Login"),
        (["logout", "logged out"], "Authentication", "Logout"),
        (["unlocked"], "Authentication", "Account_Unlocked"),
        (["locked"], "Authentication", "Account_Lockout"),
        (["password changed"], "Authentication", "Password_Change_Succeeded"),
        (["user created", "user invited", "account created"], "Authentication", "User_Created"),
        (["user deleted", "account deleted"], "Authentication", "User_Deleted"),
        (["integrity", "compromised", "intrusion"], "Alert", "HostIDS_Alert"),
        (["rule failed", "vulnerab"], "Policy", "Check_Failed"),
        (["failed", "error"], "System", "Error"),
        (["restarted"], "System", "Restart"),
        (["modified", "changed", "created", "deleted", "added", "removed", "updated", "enabled", "disabled", "assigned", "settings"],
         "System", "Configuration_Changed"),
    ]
}
