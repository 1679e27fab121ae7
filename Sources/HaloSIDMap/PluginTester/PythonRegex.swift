import CPCRE2

/// A Python `re` pattern compiled with PCRE2 (UTF-8, Unicode classes, caseless) so that it matches as
/// ossim-agent's `re.compile(pattern, re.IGNORECASE | re.UNICODE).search(line)` does: code point by code
/// point, `(?P<name>…)` groups (renamed `g1`, `g2`…), `(?P=name)` back references, `\Z`, look-behinds;
/// Python's line semantics (`.` stops only at `\n`, `$` matches at the end or before a final `\n`).
public struct PythonRegex: Sendable {
    /// The pattern as written for Python.
    public let pattern: String
    /// Python group names, each with its group number.
    public let groupNumbers: [String: Int]
    /// The number of capturing groups.
    public let groupCount: Int
    private let regex: Compiled

    /// The compiled pattern, freed with its last copy. PCRE2's compiled code is read-only while matching.
    private final class Compiled: @unchecked Sendable {
        let code: OpaquePointer
        init(_ code: OpaquePointer) { self.code = code }
        deinit { pcre2_code_free_8(code) }
    }

    public init(_ pattern: String) throws(PatternError) {
        self.pattern = pattern
        var translated = ""
        var names: [String: Int] = [:]
        var groupNumber = 0
        let s = Array(pattern.unicodeScalars)
        var i = 0
        var inClass = false
        func at(_ offset: Int) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                guard let next = at(1) else { throw PatternError(message: "the pattern ends in a lone backslash") }
                translated += next == "Z" && !inClass ? "\\z" : "\\" + String(next)
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                // A literal in Python; in PCRE2 `[:` may open a POSIX class.
                if c == "[" { translated += "\\" }
                translated.unicodeScalars.append(c)
                i += 1
                continue
            }
            if c == "." || c == "$" {
                // Python's: `.` is anything but `\n`; `$` is the end, or just before a final `\n`.
                translated += c == "." ? "[^\\n]" : "(?=\\n?\\z)"
                i += 1
                continue
            }
            if c == "{" || c == "}" {
                // A quantifier is copied whole (`{,m}` as `{0,m}`, which older PCRE2 reads as a literal); any other
                // brace is a literal in Python and is escaped.
                if c == "{", Self.isQuantifier(s[(i + 1)...]), let close = s[i...].firstIndex(of: "}") {
                    translated += at(1) == "," ? "{0" : "{"
                    translated += String(String.UnicodeScalarView(s[(i + 1)...close]))
                    i = close + 1
                } else {
                    translated += "\\" + String(c)
                    i += 1
                }
                continue
            }
            if c == "[" {
                inClass = true
                translated += "["
                i += 1
                if at(0) == "^" { translated += "^"; i += 1 }
                if at(0) == "]" { translated += "\\]"; i += 1 }
                continue
            }
            if c == "(" {
                if at(1) == "?" && at(2) == "P" && at(3) == "<" {
                    guard let close = s[(i + 4)...].firstIndex(of: ">") else { throw PatternError(message: "unterminated group name") }
                    let name = String(String.UnicodeScalarView(s[(i + 4)..<close]))
                    groupNumber += 1
                    guard names[name] == nil else { throw PatternError(message: "group name `\(name)` is used twice") }
                    names[name] = groupNumber
                    translated += "(?<g\(groupNumber)>"
                    i = close + 1
                    continue
                }
                if at(1) == "?" && at(2) == "P" && at(3) == "=" {
                    guard let close = s[(i + 4)...].firstIndex(of: ")") else { throw PatternError(message: "unterminated back reference") }
                    let name = String(String.UnicodeScalarView(s[(i + 4)..<close]))
                    guard let number = names[name] else { throw PatternError(message: "back reference to unknown group `\(name)`") }
                    translated += "\\k<g\(number)>"
                    i = close + 1
                    continue
                }
                if at(1) != "?" { groupNumber += 1 }
            }
            translated.unicodeScalars.append(c)
            i += 1
        }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = Array(translated.utf8)
        guard let code = pcre2_compile_8(bytes, bytes.count, PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &errorCode, &errorOffset, nil) else {
            var message = [UInt8](repeating: 0, count: 256)
            let length = pcre2_get_error_message_8(errorCode, &message, message.count)
            throw PatternError(message: "the pattern does not compile: \(String(decoding: message.prefix(max(0, Int(length))), as: UTF8.self))")
        }
        regex = Compiled(code)
        var captures: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        groupNumbers = names
        groupCount = Int(captures)
    }

    /// Why a pattern cannot be used.
    public struct PatternError: Error, Sendable { public var message: String }

    /// Whether the text after a `{` makes it a quantifier (`{n}`, `{n,}`, `{n,m}`, `{,m}`) as Python reads it.
    private static func isQuantifier(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let close = rest.firstIndex(of: "}") else { return false }
        let inside = rest[rest.startIndex..<close]
        let parts = inside.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        let digits = { (part: ArraySlice<Unicode.Scalar>) in part.allSatisfy { ("0"..."9").contains($0) } }
        if parts.count == 1 { return !inside.isEmpty && digits(parts[0]) }
        return digits(parts[0]) && digits(parts[1])
    }

    /// A match of ``search(_:)``: the text of each group, `nil` for groups that did not take part.
    public struct Match: Sendable {
        /// Group 0 (the whole match), then every group by number.
        public var groups: [String?]
        /// Named groups by their Python names.
        public var named: [String: String?]
    }

    /// The first match anywhere in `text` (Python `search`).
    public func search(_ text: String) -> Match? {
        let subject = Array(text.utf8)
        guard let data = pcre2_match_data_create_from_pattern_8(regex.code, nil) else { return nil }
        defer { pcre2_match_data_free_8(data) }
        guard pcre2_match_8(regex.code, subject, subject.count, 0, 0, data, nil) > 0 else { return nil }
        let offsets = pcre2_get_ovector_pointer_8(data)!
        let groups: [String?] = (0...groupCount).map { index in
            let start = offsets[2 * index], end = offsets[2 * index + 1]
            // A group that did not take part is PCRE2_UNSET (all bits set: -1 as an Int).
            return start < 0 || start > end ? nil : String(decoding: subject[start..<end], as: UTF8.self)
        }
        return Match(groups: groups, named: groupNumbers.mapValues { groups[$0] })
    }
}
