import ArgumentParser
import HaloSIDMap

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show priority, reliability and the lowest asset value at which OSSIM raises an alarm.",
        discussion: """
            OSSIM: risk = floor(priority * asset_value * reliability / 25), once for src_ip and once for dst_ip; risk >= 1 raises \
            an alarm. dst_ip (the Halo server's address) is scored by the asset value of the network that holds it \
            (Assets > Networks), not by the host's own value; src_ip (the actor's address, 0.0.0.0 without one) counts 2 \
            unless IDM resolves it. Values run 0-5, default 2.
            """)

    @OptionGroup var database: DatabaseOption

    @Argument(help: "A SID, a Halo type, or a legacy event name (default: every SID).")
    var key: String?

    func run() throws {
        try reportingErrors {
            let table = try database.open(.readOnly).loadTable()
            let entries: [SIDEntry]
            if let key {
                guard let entry = Int(key).flatMap(table.entry(sid:)) ?? table.entry(type: key) ?? table.entry(legacyName: key) else {
                    throw SIDMapError.notFound(.key(key))
                }
                entries = [entry]
            } else {
                entries = table.entries
            }
            for entry in entries {
                let alarm = AlarmExplanation(priority: entry.priority, reliability: entry.reliability)
                let lowest = alarm.lowestAlarmingAssetValue.map(String.init) ?? "never"
                print("SID \(entry.sid) \(entry.name): priority \(entry.priority), reliability \(entry.reliability)\(entry.elevated ? ", elevated" : ""); lowest alarming asset value: \(lowest); \(alarm.summary)")
            }
        }
    }
}
