import Foundation
import HaloModel

/// The delivered events of a JSON-lines output: each line decoded (a line that is not one JSON object
/// fails the test), with the ids counted.
public struct DeliveredEvents {
    /// The events, in line order.
    public var events: [HaloEvent] = []
    /// How many times each id was delivered.
    public var idCounts: [String: Int] = [:]

    /// Decodes every line of `lines`.
    public init(lines: [String]) throws {
        for line in lines {
            let event = try JSONDecoder().decode(HaloEvent.self, from: Data(line.utf8))
            events.append(event)
            idCounts[event.id ?? "", default: 0] += 1
        }
    }

    /// Ids delivered more than once.
    public var repeated: [String] { idCounts.filter { $0.value > 1 }.map(\.key).sorted() }

    /// Compares the delivered ids with the expected ones.
    public func difference(from expected: [String]) -> IDDifference {
        let want = Set(expected)
        return IDDifference(missing: want.subtracting(idCounts.keys).sorted(), unexpected: Set(idCounts.keys).subtracting(want).sorted())
    }
}

/// Expected ids that were not delivered, and delivered ids that were not expected.
public struct IDDifference: Equatable {
    /// Expected ids that were not delivered.
    public var missing: [String]
    /// Delivered ids that were not expected.
    public var unexpected: [String]
    /// Neither kind.
    public var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty }
}
