#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `date` as `2024-05-02T04:17:01Z` (UTC, whole seconds), the time rounded to the millisecond first, as
/// Foundation's `ISO8601DateFormatter` prints it.
func iso8601(_ date: Date) -> String {
    Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000).ISO8601Format()
}
