import ArgumentParser
import HaloPlatform
import HaloSIDMap

/// The exit codes of halo-sidbuilder (sysexits.h), documented in `--help` and docs/sidbuilder.md.
enum Exit {
    static let problemsFound: Int32 = 1
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let cannotCreate: Int32 = 73
    static let databaseError: Int32 = 74

    static func code(for error: SIDMapError) -> Int32 {
        switch error {
        case .refused, .notFound, .invalidSeed, .invalidPlugin: return dataError
        case .databaseMissing, .fileUnavailable: return noInput
        case .databaseExists, .cannotWrite: return cannotCreate
        case .notASIDDatabase, .databaseUnavailable, .schemaNewer, .schemaOutdated: return databaseError
        }
    }
}

/// What halo-sidbuilder says about `error`: the library's facts, and what to do about them with this
/// program's commands and flags.
func sentence(for error: SIDMapError) -> String {
    switch error {
    case .databaseMissing(let path):
        "\(error); create it with `halo-sidbuilder init --db \(path)`"
    case .databaseExists:
        "\(error); use `init --force` to replace its SID table (unmapped types are kept)"
    case .notASIDDatabase(let path, _):
        "\(error); restore it from a backup, or rebuild it with `halo-sidbuilder init --force --db \(path)` (which keeps the old file as \(path).unusable-<time>)"
    case .schemaNewer:
        "\(error); use the newer halo-sidbuilder and halo-events with it"
    case .schemaOutdated(let path):
        "cannot use the SID database \(path): its schema is older than this program's and a read-only command cannot upgrade it; open it once read-write where it is writable (halo-events, or a halo-sidbuilder command that changes the table) to upgrade it"
    case .refused(.sidExists(let sid, _)):
        "\(error); choose another SID or change it with `set \(sid)`"
    case .refused(.renumberingNeedsForce):
        "\(error); add --force if that is what you want"
    case .refused(.syncRangeFull):
        "\(error); add SIDs with an explicit --sid"
    case .refused(.notStorableInOSSIM):
        "\(error). Fix it with `halo-sidbuilder set` or in the seed, then run `halo-sidbuilder check`"
    case .notFound(.sid), .notFound(.key):
        "\(error) (see `halo-sidbuilder list`)"
    default:
        error.description
    }
}

/// Runs a command's work; a ``SIDMapError`` is printed to stderr and ends the program with its exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SIDMapError {
        printError(sentence(for: error))
        throw ExitCode(Exit.code(for: error))
    }
}

func printError(_ message: String) {
    Descriptor.writeToStandardError("halo-sidbuilder: error: \(message)\n")
}

func printWarning(_ message: String) {
    Descriptor.writeToStandardError("halo-sidbuilder: warning: \(message)\n")
}
