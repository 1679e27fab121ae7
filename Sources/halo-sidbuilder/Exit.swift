import ArgumentParser
import Foundation
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
        case .notASIDDatabase, .databaseUnavailable: return databaseError
        }
    }
}

/// Runs a command's work; a ``SIDMapError`` is printed to stderr and ends the program with its exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as SIDMapError {
        printError(error.description)
        throw ExitCode(Exit.code(for: error))
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("halo-sidbuilder: error: \(message)\n".utf8))
}

func printWarning(_ message: String) {
    FileHandle.standardError.write(Data("halo-sidbuilder: warning: \(message)\n".utf8))
}
