import HaloModel

// The checkpoint file's text, written by hand rather than with `JSONEncoder`: a checkpoint holds up to
// ``DeliveryCursor/maximumIDs`` ids and is rewritten twice a batch (pending, committed). `JSONEncoder`
// boxes every value first; on a catch-up whose events all fall within the horizon that cost 47 s of CPU
// for 100 000 events and a peak RSS of 135 MiB (release build). A pending batch stores its cursor as the
// difference from the checkpoint's (``CursorDelta``), not as a second copy of the ids.
// `Decodable` reads the text back (Checkpoint.swift).

extension Checkpoint {
    /// The checkpoint file's content: one line of compact JSON with sorted keys and a final newline.
    public var fileText: String {
        var out = ""
        out.reserveCapacity(256 + 72 * cursor.delivered.count)
        out += #"{"cursor":"#
        cursor.appendJSON(to: &out)
        out += #","format":\#(Checkpoint.format),"key_id":"#
        JSONValue.appendQuoted(keyID, to: &out)
        if let pending {
            out += #","pending":"#
            pending.appendJSON(after: cursor, to: &out)
        }
        out += "}\n"
        return out
    }
}

extension PendingBatch {
    func appendJSON(after cursor: DeliveryCursor, to out: inout String) {
        out += #"{"device":\#(landing.file.device),"digest":"#
        JSONValue.appendQuoted(landing.digest, to: &out)
        out += #","events":\#(events),"inode":\#(landing.file.inode),"length":\#(landing.length),"#
        out += #""length_before":\#(landing.file.size),"next_delta":"#
        CursorDelta(from: cursor, to: next).appendJSON(to: &out)
        out += #","output":"#
        JSONValue.appendQuoted(landing.output, to: &out)
        out += "}"
    }
}

extension DeliveryCursor {
    /// `{"covered_from":…,"delivered":{"<created_at>":["<id>",…],…},"last_sweep":…,"newest":…}`.
    func appendJSON(to out: inout String) {
        out += "{"
        if let coveredFrom { out += #""covered_from":"\#(coveredFrom)","# }
        out += #""delivered":"#
        DeliveryCursor.appendIDsByTime(delivered, to: &out)
        if let lastSweep { out += #","last_sweep":"\#(lastSweep)""# }
        if let newest { out += #","newest":"\#(newest)""# }
        out += "}"
    }

    /// `{"<created_at>":["<id>",…],…}`: timestamps in order, each with its ids sorted (bursts share one
    /// timestamp, so each is written once). One sort of (time, id) pairs, then one pass.
    static func appendIDsByTime(_ ids: [String: HaloTimestamp], to out: inout String) {
        out += "{"
        var previous: HaloTimestamp?
        for (time, id) in ids.map({ ($0.value, $0.key) }).sorted(by: { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }) {
            if time != previous {
                out += previous == nil ? #""\#(time)":["# : #"],"\#(time)":["#
                previous = time
            } else {
                out += ","
            }
            JSONValue.appendQuoted(id, to: &out)
        }
        out += previous == nil ? "}" : "]}"
    }
}

extension CursorDelta {
    /// `{"added":{…},"covered_from":…,"last_sweep":…,"newest":…,"removed":["<id>",…]}`.
    func appendJSON(to out: inout String) {
        out += #"{"added":"#
        DeliveryCursor.appendIDsByTime(added, to: &out)
        if let coveredFrom { out += #","covered_from":"\#(coveredFrom)""# }
        if let lastSweep { out += #","last_sweep":"\#(lastSweep)""# }
        if let newest { out += #","newest":"\#(newest)""# }
        out += #","removed":["#
        for (n, id) in removed.sorted().enumerated() {
            if n > 0 { out += "," }
            JSONValue.appendQuoted(id, to: &out)
        }
        out += "]}"
    }
}
