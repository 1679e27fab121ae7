import HaloConnector
import HaloModel

extension StatusReport {
    /// The human form: a table of the accounts, a line per problem, the agent, the unmapped types and a verdict.
    var text: String {
        let header = ["KEY ID", "CHECKPOINT", "AGE", "LAST RUN", "RESULT", "24 H", "PENDING", "HEALTH"]
        let rows = accounts.map { account -> [String] in
            let checkpoint = account.checkpointTime
            let last = account.record?.last
            return [
                account.keyID,
                checkpoint.map { $0.iso8601(fractionDigits: 0) } ?? (account.legacy.map { "\($0.iso8601(fractionDigits: 0)) (original)" } ?? "-"),
                checkpoint.map { Sentences.age(from: $0, to: now) } ?? "-",
                last.map { $0.at.iso8601(fractionDigits: 0) } ?? "-",
                last.map { $0.result == .succeeded ? "ok" : $0.result.rawValue } ?? "-",
                String(account.deliveredLastDay(before: now)),
                account.checkpoint?.pending.map { "\($0.events) events" } ?? "-",
                account.healthy ? "ok" : account.problems.map(\.code).joined(separator: ","),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var text = zip(cells, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines = [line(header)] + rows.map(line)
        for account in accounts {
            for problem in account.problems { lines.append("key \(account.keyID): \(Sentences.of(problem, now: now))") }
        }
        if let agent { lines.append(Sentences.of(agent)) }
        switch unmapped {
        case .success(let sightings)?: lines.append(Sentences.unmappedTypes(sightings))
        case .failure(let error)?: lines.append(error.description)
        case nil: break
        }
        lines.append(Sentences.verdict(self))
        return lines.joined(separator: "\n") + "\n"
    }
}
