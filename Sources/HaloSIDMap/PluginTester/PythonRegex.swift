import Foundation

/// A Python `re` pattern compiled with ICU (`NSRegularExpression`) so that it matches as ossim-agent's
/// `re.compile(pattern, re.IGNORECASE | re.UNICODE).search(line)` does: `(?P<name>…)` groups (renamed,
/// since ICU names allow no `_`), `(?P=name)` back references, `\Z`; Unix line semantics (`.` stops only
/// at `\n`, `$` matches at the end or before a final `\n`).
public struct PythonRegex: @unchecked Sendable {
    /// The pattern as written for Python.
    public let pattern: String
    /// Python group names, each with its group number.
    public let groupNumbers: [String: Int]
    /// The number of capturing groups.
    public var groupCount: Int { regex.numberOfCaptureGroups }
    private let regex: NSRegularExpression

    public init(_ pattern: String) throws(PatternError) {
        self.pattern = pattern
        var icu = ""
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
                icu += next == "Z" && !inClass ? "\\z" : "\\" + String(next)
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                if c == "[" || c == "&" { icu += "\\" }
                icu.unicodeScalars.append(c)
                i += 1
                continue
            }
            if c == "{" || c == "}" {
                // A quantifier is copied whole; any other brace is a literal in Python and must be escaped for ICU.
                if c == "{", Self.isQuantifier(s[(i + 1)...]), let close = s[i...].firstIndex(of: "}") {
                    icu += String(String.UnicodeScalarView(s[i...close]))
                    i = close + 1
                } else {
                    icu += "\\" + String(c)
                    i += 1
                }
                continue
            }
            if c == "[" {
                inClass = true
                icu += "["
                i += 1
                if at(0) == "^" { icu += "^"; i += 1 }
                if at(0) == "]" { icu += "\\]"; i += 1 }
                continue
            }
            if c == "(" {
                if at(1) == "?" && at(2) == "P" && at(3) == "<" {
                    guard let close = s[(i + 4)...].firstIndex(of: ">") else { throw PatternError(message: "unterminated group name") }
                    let name = String(String.UnicodeScalarView(s[(i + 4)..<close]))
                    groupNumber += 1
                    guard names[name] == nil else { throw PatternError(message: "group name `\(name)` is used twice") }
                    names[name] = groupNumber
                    icu += "(?<g\(groupNumber)>"
                    i = close + 1
                    continue
                }
                if at(1) == "?" && at(2) == "P" && at(3) == "=" {
                    guard let close = s[(i + 4)...].firstIndex(of: ")") else { throw PatternError(message: "unterminated back reference") }
                    let name = String(String.UnicodeScalarView(s[(i + 4)..<close]))
                    guard let number = names[name] else { throw PatternError(message: "back reference to unknown group `\(name)`") }
                    icu += "\\k<g\(number)>"
                    i = close + 1
                    continue
                }
                if at(1) != "?" { groupNumber += 1 }
            }
            icu.unicodeScalars.append(c)
            i += 1
        }
        do {
            regex = try NSRegularExpression(pattern: icu, options: [.caseInsensitive, .useUnixLineSeparators])
        } catch {
            throw PatternError(message: "the pattern does not compile: \(error.localizedDescription)")
        }
        groupNumbers = names
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
        let ns = text as NSString
        guard let result = regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: ns.length)) else { return nil }
        let groups: [String?] = (0...regex.numberOfCaptureGroups).map { index in
            let range = result.range(at: index)
            return range.location == NSNotFound ? nil : ns.substring(with: range)
        }
        return Match(groups: groups, named: groupNumbers.mapValues { groups[$0] })
    }
}
