import Foundation
import HaloModel

// libFuzzer target, compiled into the `HaloOutput` module (with the independent line readers of
// Tests/HaloOutputTests/Support) so that it reaches the formatters' internals.
//
// One input is one event — a JSON object, or fields cut from raw bytes (any byte sequence, invalid UTF-8
// included) — and a classification. Every formatter must give exactly one clean line that reads back
// (by the tests' own CEF, LEEF and key=value readers) to the event's values, the properties the unit
// tests check for generated hostile events; the syslog framing must keep a datagram within its limit,
// whole UTF-8, one line.

/// Field names the raw-bytes form chooses from: the ones the formats map, plus names that collide with
/// the formats' own keys or need escaping themselves.
private let fieldNames = [
    "id", "type", "name", "created_at", "critical", "message", "actor_ip_address", "actor_username", "actor_country",
    "actor_key_id", "actor_key_label", "server_id", "server_hostname", "server_ip_address", "server_primary_ip_address",
    "server_label", "server_display_name", "server_group_name", "server_platform", "policy_name", "rule_name",
    "object_name", "devTime", "cat", "sev", "src", "k=v", "a b", "ключ", "", "x\"y", "tab\there",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (event, classification, limit) = makeEvent(bytes)
    checkJSON(event, classification)
    let cef = checkCEF(event, classification)
    checkLEEF(event, classification)
    checkKeyValue(event)
    checkText(event)
    checkSyslog(line: cef, bytes: bytes, limit: limit)
    return 0
}

/// The event, its classification and a datagram limit, from the input.
private func makeEvent(_ bytes: [UInt8]) -> (HaloEvent, EventClassification, Int) {
    let chunks = bytes.split(separator: 0xFF, omittingEmptySubsequences: false)
    let head = Array(chunks[0])
    let number = head.prefix(4).reduce(0) { $0 << 8 | Int($1) }
    let classification = EventClassification(
        sid: 1 + number % 2_000_000_000, name: String(decoding: head.dropFirst(4), as: UTF8.self),
        leefCategory: number & 1 == 0 ? nil : "category \(number % 7)", isMapped: number & 2 == 0)
    let limit = 480 + (number % 3000)
    if bytes.first == UInt8(ascii: "{"), let event = try? JSONDecoder().decode(HaloEvent.self, from: Data(bytes)) {
        return (event, classification, limit)
    }
    var fields: [String: JSONValue] = [:]
    for chunk in chunks.dropFirst() where !chunk.isEmpty {
        let selector = chunk[chunk.startIndex]
        let body = chunk.dropFirst()
        let text = String(decoding: body, as: UTF8.self)
        let value: JSONValue
        switch selector >> 5 {
        case 4: value = .bool(selector & 1 == 1)
        case 5: value = .int(body.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) })
        case 6: value = .null
        case 7: value = Double(text).map(JSONValue.double) ?? .array([.string(text), .int(Int64(body.count))])
        default: value = .string(text)
        }
        fields[fieldNames[Int(selector & 0x1F) % fieldNames.count]] = value
    }
    return (HaloEvent(fields: fields), classification, limit)
}

private func require(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition { fatalError(what()) }
}

private func checkJSON(_ event: HaloEvent, _ classification: EventClassification) {
    let line = JSONFormatter().line(for: event, as: classification)
    require(Expect.isOneCleanLine(line), "JSON: not one clean line: \(line.prefix(300))")
    // It reads back with every text value the same; numbers may change spelling once (a whole double is
    // read back as an integer), after which the line is stable.
    guard let again = try? JSONDecoder().decode(HaloEvent.self, from: Data(line.utf8)) else { fatalError("JSON: does not read back: \(line.prefix(300))") }
    for (key, value) in event.fields {
        if case .string = value { require(again.fields[key] == value, "JSON: \(key.debugDescription) reads back changed") }
    }
    let second = JSONFormatter().line(for: again, as: classification)
    let third = (try? JSONDecoder().decode(HaloEvent.self, from: Data(second.utf8))).map { JSONFormatter().line(for: $0, as: classification) }
    require(third == second, "JSON: not stable: \(second.prefix(300))")
}

private func checkCEF(_ event: HaloEvent, _ classification: EventClassification) -> String {
    let line = CEFFormatter().line(for: event, as: classification)
    require(Expect.isOneCleanLine(line), "CEF: not one clean line: \(line.prefix(300))")
    let parsed: CEFLine
    do { parsed = try CEFLine(parsing: line) } catch { fatalError("CEF: \(error): \(line.prefix(300))") }
    let header = ["CEF:0", "CloudPassage", "CPHalo", HaloToolkit.version, String(classification.sid),
                  Expect.value(event, "name") ?? classification.name, event.isCritical ? "9" : "3"]
    require(parsed.header == header, "CEF: header \(parsed.header), expected \(header)")
    let expected = Expect.cefExtension(event)
    require(parsed.keys == expected.map(\.key), "CEF: keys \(parsed.keys), expected \(expected.map(\.key))")
    for (got, want) in zip(parsed.extensions, expected) where want.value != nil {
        // The oracle's dates come from Foundation (Julian before 1582, and it rounds a negative fraction of a
        // second up where the line rounds down): before 1970, only the shape.
        if got.key == "rt", let time = event.createdAt, time.microseconds < 0 {
            require(isCEFDate(got.value), "CEF: rt \(got.value.debugDescription) is not MMM dd yyyy HH:mm:ss")
            continue
        }
        require(got.value == want.value, "CEF: \(got.key) reads back as \(got.value.debugDescription), not \(want.value!.debugDescription)")
    }
    return line
}

/// `MMM dd yyyy HH:mm:ss`.
private func isCEFDate(_ text: String) -> Bool {
    let shape = text.unicodeScalars.map { scalar -> Character in
        switch scalar {
        case "0"..."9": "9"
        case "A"..."Z", "a"..."z": "a"
        default: Character(scalar)
        }
    }
    return String(shape) == "aaa 99 9999 99:99:99"
}

private func checkLEEF(_ event: HaloEvent, _ classification: EventClassification) {
    let line = LEEFFormatter().line(for: event, as: classification)
    require(Expect.isOneCleanLine(line, tabsAreDelimiters: true), "LEEF: not one clean line: \(line.prefix(300))")
    let parsed: LEEFLine
    do { parsed = try LEEFLine(parsing: line) } catch { fatalError("LEEF: \(error): \(line.prefix(300))") }
    let eventID = Expect.value(event, "type") ?? Expect.value(event, "name") ?? classification.name
    require(parsed.header == ["LEEF:1.0", "CloudPassage", "CPHalo", HaloToolkit.version, eventID], "LEEF: header \(parsed.header)")
    require(parsed["sev"] == (event.isCritical ? "9" : "3"), "LEEF: sev")
    require(parsed["cat"] == classification.leefCategory, "LEEF: cat")
    let halo = parsed.attributes.drop { LEEFFormatter.ownKeys.contains($0.key) }
    let expected = event.fields.compactMap { key, value in value.text.map { (key, $0) } }.sorted { $0.0 < $1.0 }
        .map { key, value in (LEEFFormatter.ownKeys.contains(key) ? "halo_" + key : key, value) }
    require(halo.map(\.key) == expected.map(\.0), "LEEF: keys \(halo.map(\.key)), expected \(expected.map(\.0))")
    require(halo.map(\.value) == expected.map(\.1), "LEEF: values do not read back")
}

private func checkKeyValue(_ event: HaloEvent) {
    let line = KeyValueFormatter().line(for: event, as: .generic)
    require(Expect.isOneCleanLine(line), "key=value: not one clean line: \(line.prefix(300))")
    let parsed: KeyValueLine
    do { parsed = try KeyValueLine(parsing: line) } catch { fatalError("key=value: \(error): \(line.prefix(300))") }
    let expected = event.fields.compactMap { key, value in value.text.map { (key, $0) } }.sorted { $0.0 < $1.0 }
    require(parsed.pairs.map(\.key) == expected.map { KeyValueFormatter.bareKey($0.0) }, "key=value: keys \(parsed.pairs.map(\.key))")
    require(parsed.pairs.map(\.value) == expected.map(\.1), "key=value: values do not read back")
}

private func checkText(_ event: HaloEvent) {
    let line = TextFormatter().line(for: event, as: .generic)
    require(Expect.isOneCleanLine(line), "text: not one clean line: \(line.prefix(300))")
    let decoded: String
    do { decoded = try Unescape.decode(Substring(line), delimiters: []) } catch { fatalError("text: \(error): \(line.prefix(300))") }
    var start = ""
    if let time = event.fields["created_at"]?.text { start += "At \(time) - " }
    if let ip = event.fields["actor_ip_address"]?.text { start += "From \(ip) - " }
    if let message = event.fields["message"]?.text { start += message }
    require(decoded.hasPrefix(start), "text: does not start as documented: \(line.prefix(300))")
}

private func checkSyslog(line: String, bytes: [UInt8], limit: Int) {
    let hostname = String(decoding: bytes.suffix(40), as: UTF8.self)
    let tag = String(decoding: bytes.prefix(20), as: UTF8.self)
    for token in [SyslogHeader.token(hostname, maxLength: 255), SyslogHeader.token(tag, maxLength: 48)].compactMap({ $0 }) {
        require(token.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"|[]:".unicodeScalars.contains($0) }, "syslog: header token \(token.debugDescription)")
    }
    if let priority = try? SyslogPriority(validating: String(decoding: bytes.prefix(24), as: UTF8.self)) {
        require((try? SyslogPriority(validating: priority.description)) == priority, "syslog: \(priority) does not read back")
    }
    let time = HaloTimestamp(microseconds: Int64(bytes.count) * 1_000_003)
    for style in [SyslogHeader.Style.local, .rfc3164(hostname: hostname), .rfc5424(hostname: hostname)] {
        let header = SyslogHeader(style: style, priority: SyslogPriority(facility: .local3, severity: .info), tag: tag, processID: 4242).text(at: time)
        let message = SyslogTruncation.message(header: header, line: line, limit: limit)
        require(message.count <= max(limit, SyslogTruncation.minimumLimit), "syslog: \(message.count) bytes over the limit \(limit)")
        guard let text = String(validating: message, as: UTF8.self) else { fatalError("syslog: a datagram cut inside a UTF-8 character") }
        require(text.hasPrefix(header) && Expect.isOneCleanLine(text), "syslog: not the header and one clean line")
        require((try? Unescape.decode(Substring(text.dropFirst(header.count)), delimiters: ["|", "="], asciiOnly: true)) != nil, "syslog: cut inside an escape")
    }
}
