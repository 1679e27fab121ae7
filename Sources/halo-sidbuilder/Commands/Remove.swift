import ArgumentParser
import HaloSIDMap

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove a SID and the types and names it maps (their events get the generic SID).")

    @OptionGroup var database: DatabaseOption
    @Argument(help: "The SID to remove.") var sid: Int

    func run() throws {
        try reportingErrors {
            let entry = try database.open().remove(sid: sid)
            print("removed SID \(entry.sid): \(entry.name)")
        }
    }
}
