#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform
import HaloConnector

/// Where a run's Halo API keys come from. The first of these that is there wins:
///
/// 1. `--auth=FILE`;
/// 2. `HALO_API_KEY` and `HALO_API_SECRET_KEY` in the environment (one account; either one set means both
///    must be);
/// 3. `$CREDENTIALS_DIRECTORY/haloEvents.auth`, when that file exists (systemd's `LoadCredential=`);
/// 4. `haloEvents.auth` beside the executable (as the original connector).
///
/// A secret is never part of a message: problems name the variable, never its value.
enum KeySource: Equatable {
    case authFlag(String)
    case environment
    case credential(String)
    case besideExecutable(String)

    /// The variables of the one account given in the environment.
    static let keyVariable = "HALO_API_KEY"
    static let secretVariable = "HALO_API_SECRET_KEY"
    /// The auth file's name in systemd's credentials directory (and beside the executable).
    static let fileName = "haloEvents.auth"

    /// The source the flags and `environment` name (`home`: the executable's directory).
    static func choose(auth: String?, environment: [String: String], home: String) -> KeySource {
        if let auth { return .authFlag(auth) }
        if [keyVariable, secretVariable].contains(where: { environment[$0]?.isEmpty == false }) { return .environment }
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            let path = Path.appending(fileName, to: directory)
            if FileManager.default.fileExists(atPath: path) { return .credential(path) }
        }
        return .besideExecutable(Path.appending(fileName, to: home))
    }

    /// The auth file the run's configuration names. For keys from the environment it is the default one
    /// beside the executable, never read: its name tells the checkpoint store the original connector's file.
    func authFile(home: String) -> String {
        switch self {
        case .authFlag(let path), .credential(let path), .besideExecutable(let path): path
        case .environment: Path.appending(KeySource.fileName, to: home)
        }
    }

    /// Why the environment's key cannot be used.
    enum Problem: Error, Equatable {
        case missing(variable: String)
        case keyIDInvalid
        case secretInvalid(keyID: String)
    }

    /// The account of `HALO_API_KEY` and `HALO_API_SECRET_KEY`, checked as an auth-file line is.
    static func environmentKeys(_ environment: [String: String]) throws(Problem) -> AuthFile {
        let keyID = environment[keyVariable]?.trimmingWhitespace() ?? ""
        let secret = environment[secretVariable]?.trimmingWhitespace() ?? ""
        if keyID.isEmpty { throw .missing(variable: keyVariable) }
        if secret.isEmpty { throw .missing(variable: secretVariable) }
        // A `|` would split the line into more fields: in the key id it is not a key id, in the secret not a secret.
        if keyID.contains("|") { throw .keyIDInvalid }
        if secret.contains("|") { throw .secretInvalid(keyID: keyID) }
        do {
            return try AuthFile(path: "$\(keyVariable)", contents: Array("\(keyID)|\(secret)".utf8))
        } catch {
            switch error.code {
            case .authLineSecretInvalid: throw .secretInvalid(keyID: keyID)
            default: throw .keyIDInvalid
            }
        }
    }
}
