extension EventPage {
    /// A page that is JSON but not the shape of a `GET /v1/events` answer.
    public struct ShapeError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the body of a `GET /v1/events` answer with ``JSONReader``: the page `JSONDecoder` gives through
    /// `Decodable` (`count` an optional whole number, `pagination.next` an optional string, `events` an array
    /// of objects), without its cost. `pagination` absent or `{}`, and `next` absent, `null` or `""`, all mean
    /// that there is no next page.
    public init(json bytes: UnsafeRawBufferPointer) throws {
        guard case .object(let page) = try JSONReader.value(of: bytes) else {
            throw ShapeError(description: "the events page is not a JSON object")
        }
        switch page["count"] {
        case nil, .null?: count = nil
        case .int(let n)?:
            guard let n = Int(exactly: n) else { throw ShapeError(description: "'count' is out of range") }
            count = n
        default: throw ShapeError(description: "'count' is not a whole number")
        }
        switch page["pagination"] {
        case nil, .null?: next = nil
        case .object(let pagination)?:
            switch pagination["next"] {
            case nil, .null?: next = nil
            case .string(let link)?: next = link.isEmpty ? nil : link
            default: throw ShapeError(description: "'pagination.next' is not a string")
            }
        default: throw ShapeError(description: "'pagination' is not an object")
        }
        guard case .array(let items)? = page["events"] else {
            throw ShapeError(description: "the page has no 'events' array")
        }
        events = try items.map { item in
            guard case .object(let fields) = item else { throw ShapeError(description: "an element of 'events' is not an object") }
            return HaloEvent(fields: fields)
        }
    }
}
