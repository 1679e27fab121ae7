import Foundation
import HaloModel

// libFuzzer target: one answer body of `GET /v1/events`, read as the connector reads it
// (`EventPage(json:)` over `JSONReader`), plus the same bytes as a `created_at`.
//
// Beyond "no crash":
// - differential: `JSONReader` must give the value `JSONDecoder` gives through `JSONValue`'s
//   `Decodable` conformance, and refuse what it refuses — where it is stricter aside (trailing commas,
//   nesting deeper than `JSONReader.maximumDepth`, anything JSONSerialization refuses too in a value JSONDecoder skips, text with
//   NUL bytes, which JSONDecoder reads as UTF-16 or UTF-32); the same for whole pages;
// - every event written back as compact JSON (what `--jsonfile` writes) is one line that reads again and
//   writes the same bytes;
// - every `created_at` that parses, written back in ISO-8601 (what a checkpoint stores), parses again to
//   the same instant.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    compareWithJSONDecoder(bytes)
    let page = try? bytes.withUnsafeBytes { try EventPage(json: $0) }
    let decoded = try? JSONDecoder().decode(EventPage.self, from: Data(bytes))
    if let page {
        for event in page.events { check(event) }
        if let decoded, !sameValue(.array(decoded.events.map { .object($0.fields) }), .array(page.events.map { .object($0.fields) }))
            || decoded.count != page.count || decoded.next != page.next {
            fatalError("EventPage(json:) and JSONDecoder read different pages")
        }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    if let time = HaloTimestamp(iso8601: text) { check(time, parsedFrom: text) }
    return 0
}

private func compareWithJSONDecoder(_ bytes: [UInt8]) {
    let reader: Result<JSONValue, JSONReader.Failure> = bytes.withUnsafeBytes { buffer in
        Result { () throws(JSONReader.Failure) -> JSONValue in try JSONReader.value(of: buffer) }
    }
    let decoder = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    switch (reader, decoder) {
    case (.success(let a), let b?):
        if !sameValue(a, b) { fatalError("JSONReader and JSONDecoder read different values: \(a.compactJSON.prefix(300)) / \(b.compactJSON.prefix(300))") }
    case (.success, nil):
        fatalError("JSONReader accepts a text JSONDecoder refuses")
    case (.failure(let failure), let b?):
        if !isStricter(failure, reading: bytes, where: b) { fatalError("JSONReader refuses a text JSONDecoder reads: \(failure)") }
    case (.failure, nil):
        break
    }
}

/// Whether `failure`, JSONReader's refusal of `bytes` that JSONDecoder reads as `value`, is one of the ways
/// it is stricter by design.
private func isStricter(_ failure: JSONReader.Failure, reading bytes: [UInt8], where value: JSONValue) -> Bool {
    // Deep nesting; a bad string anywhere (JSONDecoder checks only the strings it reads, so it passes one in
    // the value of a duplicate key that the first one shadows); NUL bytes, which UTF-8 JSON never holds raw
    // (JSONDecoder takes them for UTF-16 or UTF-32 text, or for the end of the input).
    let strictAboutStrings = ["not valid UTF-8", "raw control character", "escape", "surrogate"]
    if failure.reason.hasPrefix("nested more than") || strictAboutStrings.contains(where: failure.reason.contains) || bytes.contains(0) {
        return true
    }
    // JSONDecoder passes the value of a duplicate key that the first one shadows without checking its
    // numbers or its syntax; JSONSerialization reads every value: when it refuses the text too, so may JSONReader.
    if (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) == nil { return true }
    // Trailing commas: without them, it must read the same value (or be stricter for another reason).
    let stripped = withoutTrailingCommas(bytes)
    guard stripped != bytes else { return false }
    do {
        return sameValue(try JSONReader.value(of: stripped), value)
    } catch let again as JSONReader.Failure {
        return isStricter(again, reading: stripped, where: value)
    } catch {
        return false
    }
}

/// Whether two values are the same JSON: numbers by their nearest double (JSONDecoder and JSONReader may
/// disagree on whether a number with a fraction is an integer, e.g. `2954775807954775807.6`, whose nearest
/// double is whole, and beyond 2^53 on its last digits), everything else exactly.
private func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.int(let x), .int(let y)): return Double(x) == Double(y)   // exact below 2^53; beyond, both approximate
    case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
    case (.double(let x), .double(let y)): return x == y
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(sameValue)
    case (.object(let x), .object(let y)): return Set(x.keys) == Set(y.keys) && x.allSatisfy { sameValue($0.value, y[$0.key]!) }
    default: return a == b
    }
}

/// `bytes` without the commas that stand right before a `]` or `}` (outside strings).
private func withoutTrailingCommas(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var inString = false, escaped = false
    for (i, b) in bytes.enumerated() {
        if inString {
            if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
        } else if b == UInt8(ascii: "\"") {
            inString = true
        } else if b == UInt8(ascii: ",") {
            let next = bytes[(i + 1)...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            if next == UInt8(ascii: "]") || next == UInt8(ascii: "}") { continue }
        }
        out.append(b)
    }
    return out
}

private func check(_ event: HaloEvent) {
    _ = (event.id, event.type, event.name, event.isCritical, event.actorIP, event.serverIP)
    if let text = event.createdAtText, let time = event.createdAt { check(time, parsedFrom: text) }
    let json = event.compactJSON
    if let raw = json.unicodeScalars.first(where: { $0.value < 0x20 || [0x7F, 0x85, 0x2028, 0x2029].contains($0.value) }) {
        fatalError("compact JSON holds a raw U+\(String(raw.value, radix: 16)): \(json.prefix(300))")
    }
    guard let again = try? EventPage(json: Array("{\"events\":[\(json)]}".utf8)).events.first else {
        fatalError("compact JSON does not read back: \(json.prefix(300))")
    }
    guard again.compactJSON == json else { fatalError("compact JSON is not stable: \(json.prefix(300))") }
}

private func check(_ time: HaloTimestamp, parsedFrom text: String) {
    let written = time.description
    guard let back = HaloTimestamp(iso8601: written), back == time else {
        fatalError("\(text.debugDescription) parses to \(time.microseconds) µs, written back as \(written), which does not read back")
    }
}

extension EventPage {
    init(json bytes: [UInt8]) throws { self = try bytes.withUnsafeBytes { try EventPage(json: $0) } }
}
