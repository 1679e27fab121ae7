import Foundation
import HaloModel
import HaloSimulator

/// What a JSON-lines output holds compared with the emulator's truth: events lost, delivered more than
/// once, altered, or never served at all.
struct DeliveryAudit: CustomStringConvertible {
    /// Lines (events) in the output.
    var lines = 0
    /// Events of the truth that are not in the output.
    var lost = 0
    /// Extra copies: for each event, the number of times it was delivered beyond the first.
    var duplicated = 0
    /// Events whose fields differ from the truth's.
    var altered = 0
    /// Lines that are not one JSON object, or whose id the truth does not hold.
    var unexpected = 0

    /// Audits `lines` (whole lines of the output) against `truth` (every event the emulator serves).
    init(lines output: [String], truth: [SimulatedEvent]) {
        var expected: [String: HaloEvent] = [:]
        for event in truth { expected[event.id] = event.event }
        var seen: [String: Int] = [:]
        lines = output.count
        for line in output {
            guard let event = try? JSONDecoder().decode(HaloEvent.self, from: Data(line.utf8)), let id = event.id,
                  let want = expected[id]
            else {
                unexpected += 1
                continue
            }
            seen[id, default: 0] += 1
            if event != want { altered += 1 }
        }
        lost = expected.keys.filter { seen[$0] == nil }.count
        duplicated = seen.values.reduce(0) { $0 + $1 - 1 }
    }

    /// Nothing lost, repeated, altered or unexpected.
    var isExact: Bool { lost == 0 && duplicated == 0 && altered == 0 && unexpected == 0 }

    var description: String {
        "\(lines) lines: \(lost) lost, \(duplicated) duplicated, \(altered) altered, \(unexpected) unexpected"
    }
}
