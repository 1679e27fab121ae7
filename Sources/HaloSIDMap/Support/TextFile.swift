#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HaloPlatform

/// Reading and writing the text files the builder deals in (seed, SQL, plugin, logs).
public enum TextFile {
    /// The file's text (UTF-8; invalid bytes become U+FFFD).
    public static func read(_ path: String) throws -> String {
        String(decoding: try readData(path), as: UTF8.self)
    }

    /// The file's bytes.
    public static func readData(_ path: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SIDMapError.fileUnavailable(path: path, reason: "no such file")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SIDMapError.fileUnavailable(path: path, reason: reason(error))
        }
    }

    /// Replaces the file atomically (a reader sees the old or the new file, never half of one).
    public static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SIDMapError.cannotWrite(path: path, reason: reason(error))
        }
    }

    /// The system's sentence for the call that failed (`strerror`), else Foundation's description.
    private static func reason(_ error: any Error) -> String {
        if let underlying = (error as? CocoaError)?.underlying as? POSIXError, let message = strerror(underlying.code.rawValue) {
            return String(cString: message)
        }
        return String(describing: error)
    }
}
