/// The regular expressions of the plugin rules: Python `re` syntax (what ossim-agent compiles, with
/// IGNORECASE; nothing newer than Python 2.7 has), written so that they behave the same in ICU
/// (``PluginTester``) and never backtrack catastrophically.
///
/// The CEF line (docs/cef-line.md) makes this possible: the syslog header before `CEF:0|` has no `|`;
/// header fields escape `\` and `|`; extension values escape `\` and `=`, so inside a value every `=` is
/// preceded by `\`, and an unescaped `=` only ever follows a key. Hence:
/// - a value stops at a space followed by `word=` (the next key) and takes `=` only after `\`:
///   `[^= ]*(?:(?: (?!\w+=)|(?<=\\)=)[^= ]*)*`. It ends exactly before the next ` key=`, so the regex
///   never scans past a key and backs up to it; each character is taken by one branch only, so there
///   is nothing to backtrack into exponentially.
/// - the last value (`msg`, often long free text) runs to the end of the line: `[^=]*(?:(?<=\\)=[^=]*)*`,
///   a scan for a single character, which Python's `re` does fastest, with no look-ahead per word.
/// - an optional key is written `(?: key=…|)` rather than `(?: key=…)?`: the same match, but Python's
///   `re` tries an alternation's branch only when its first character (the space) is there.
/// - the part before `CEF:0|` is `[^|]*`, which stops at the first `|`, right after `CEF:0`.
enum CEFRulePattern {
    /// One extension value other than the last.
    static let value = #"[^= ]*(?:(?: (?!\w+=)|(?<=\\)=)[^= ]*)*"#
    /// The last extension value, which runs to the end of the line.
    static let lastValue = #"[^=]*(?:(?<=\\)=[^=]*)*"#
    /// One header field (version, name).
    static let headerField = #"[^\\|]*(?:\\.[^\\|]*)*"#
    /// The fixed start of every Halo CEF line, also the rules' `precheck`.
    static let marker = "CEF:0|CloudPassage|CPHalo|"

    /// The regexp of a rule. `sids` restricts the line's SID (`nil`: any SID); `fields` are the optional
    /// fields it extracts: a key that fills one of them is captured, a key that fills any other field makes
    /// the rule fail (so that the line falls through to the catch-all rule), keys that fill no field are
    /// skipped.
    static func regexp(sids: [Int]?, fields: [PluginField]) -> String {
        let sidPattern = sids.map { digitTrie($0.map(String.init)) } ?? "[0-9]+"
        var out = #"^[^|]*CEF:0\|CloudPassage\|CPHalo\|"# + headerField + #"\|(?P<sid>"# + sidPattern + #")\|"#
        out += headerField + #"\|[0-9]+\|"#
        for (index, key) in CEFExtensionKey.all.enumerated() {
            let captured: Bool
            if let field = key.field {
                guard PluginField.common.contains(field) || fields.contains(field) else { continue }
                captured = true
            } else {
                captured = false
            }
            let separator = index == 0 ? "" : " "
            let label = key.label.map { $0 + " " } ?? ""
            let valuePattern = key == CEFExtensionKey.all.last ? lastValue : value
            let body = captured ? "(?P<\(key.group)>\(valuePattern))" : "(?:\(valuePattern))"
            let item = separator + label + key.key + "=" + body
            out += key.isRequired ? item : "(?:\(item)|)"
        }
        return out + "$"
    }

    /// A regex matching exactly `words` (digit strings), as a trie: `4(?:09|1[34])` for 409, 413, 414.
    static func digitTrie(_ words: [String]) -> String {
        let groups = Dictionary(grouping: Set(words).filter { !$0.isEmpty }, by: { $0.first! })
        let parts = groups.keys.sorted().map { first -> String in
            let rests = groups[first]!.map { String($0.dropFirst()) }
            let longer = rests.filter { !$0.isEmpty }
            guard !longer.isEmpty else { return String(first) }
            let tail = digitTrie(longer)
            return String(first) + (rests.contains("") ? atom(tail) + "?" : tail)
        }
        if parts.count == 1 { return parts[0] }
        if parts.allSatisfy({ $0.count == 1 }) { return "[" + parts.joined() + "]" }
        return "(?:" + parts.joined(separator: "|") + ")"
    }

    /// `pattern` as one unit a quantifier can follow.
    private static func atom(_ pattern: String) -> String {
        if pattern.count == 1 { return pattern }
        if pattern.hasPrefix("["), pattern.firstIndex(of: "]") == pattern.index(before: pattern.endIndex) { return pattern }
        if pattern.hasPrefix("(?:") {
            var depth = 0
            for (offset, character) in pattern.enumerated() {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if depth == 0 { return offset == pattern.count - 1 ? pattern : "(?:\(pattern))" }
            }
        }
        return "(?:\(pattern))"
    }
}
