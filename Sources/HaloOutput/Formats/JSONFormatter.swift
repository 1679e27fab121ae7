import HaloModel

/// JSON lines: the event as received, as one compact JSON object (keys sorted, every control character
/// and U+2028/U+2029 escaped), so one event is always exactly one line.
///
/// The classification is not part of the line: JSON carries Halo's own fields and nothing else.
public struct JSONFormatter: EventFormatter {
    public init() {}

    public func format(_ event: HaloEvent, as classification: EventClassification, into line: inout String) {
        JSONValue.object(event.fields).appendJSON(to: &line)
    }
}
