/// Reading back what the formats escape, written independently of the formatters.
public enum Unescape {
    /// What is wrong with a line.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        /// A failure saying `description`.
        public init(description: String) { self.description = description }
    }

    /// The scalars no line may hold raw: U+0000–U+001F, U+007F, U+0085, U+2028, U+2029.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// `text` with `\\`, `\n`, `\r`, `\t`, `\uXXXX` and `\` + one of `delimiters` decoded; any other
    /// backslash sequence, or a raw forbidden scalar, is an error. With `asciiOnly` (the CEF line), a raw
    /// non-ASCII scalar is an error too, and `\uXXXX` / `\UXXXXXXXX` write every non-ASCII one.
    public static func decode(_ text: Substring, delimiters: Set<Unicode.Scalar>, asciiOnly: Bool = false) throws -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if isForbidden(scalar) { throw Failure(description: "raw control U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)") }
            if asciiOnly, !scalar.isASCII { throw Failure(description: "raw non-ASCII U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)") }
            guard scalar == "\\" else {
                out.append(scalar)
                continue
            }
            guard let escaped = scalars.next() else { throw Failure(description: "dangling \\ in \(text.debugDescription)") }
            switch escaped {
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case let letter where letter == "u" || (letter == "U" && asciiOnly):
                var hex = ""
                for _ in 0..<(escaped == "u" ? 4 : 8) {
                    guard let digit = scalars.next(), "0123456789abcdef".unicodeScalars.contains(digit) else {
                        throw Failure(description: "bad \\u escape in \(text.debugDescription)")
                    }
                    hex.unicodeScalars.append(digit)
                }
                let value = UInt32(hex, radix: 16)!
                guard let decoded = Unicode.Scalar(value), isForbidden(decoded) || (asciiOnly && !decoded.isASCII),
                      ![0x09, 0x0A, 0x0D].contains(value), (escaped == "u") == (value <= 0xFFFF)
                else {
                    throw Failure(description: "\\\(escaped)\(hex) escapes a character that needs no such escape")
                }
                out.append(decoded)
            case let other where delimiters.contains(other):
                out.append(other)
            case let other:
                throw Failure(description: "unknown escape \\\(other) in \(text.debugDescription)")
            }
        }
        return String(out)
    }

    /// The positions of the scalars of `text` that are not escaped (not preceded by an odd run of `\`).
    public static func unescapedIndices(of target: Unicode.Scalar, in text: Substring) -> [Substring.Index] {
        var result: [Substring.Index] = []
        var index = text.unicodeScalars.startIndex
        while index < text.unicodeScalars.endIndex {
            let scalar = text.unicodeScalars[index]
            if scalar == "\\" {
                index = text.unicodeScalars.index(after: index)
                if index < text.unicodeScalars.endIndex { index = text.unicodeScalars.index(after: index) }
                continue
            }
            if scalar == target { result.append(index) }
            index = text.unicodeScalars.index(after: index)
        }
        return result
    }
}
