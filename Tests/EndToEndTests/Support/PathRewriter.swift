/// Rewrites absolute paths where a path starts (at the start of a line or after a space, tab, `=`, `:`,
/// quote, `<` or `>`), in one pass, so a replacement is never rewritten again.
///
/// This is the rule the Makefile's `REWRITE` applies to the cron, logrotate and script files at install
/// time; tests use it to check what was installed and to move installed paths into a temporary root.
struct PathRewriter {
    /// `(from, to)` prefixes, tried in order at each path start; each `from` ends with `/`.
    var rules: [(from: String, to: String)]

    /// The Makefile's rewriting for `PREFIX`, `SYSCONFDIR` and `LOCALSTATEDIR`.
    static func install(prefix: String, sysconfdir: String = "/etc", localstatedir: String = "/var") -> PathRewriter {
        PathRewriter(rules: [("/usr/local/", prefix + "/"), ("/etc/", sysconfdir + "/"), ("/var/", localstatedir + "/")])
    }

    /// Puts every path under `/usr/`, `/etc/` and `/var/` below `root` (what `DESTDIR=root` did to the files' location).
    static func under(root: String) -> PathRewriter {
        PathRewriter(rules: ["/usr/", "/etc/", "/var/"].map { ($0, root + $0) })
    }

    func apply(_ text: String) -> String {
        let boundaries: Set<Character> = [" ", "\t", "\n", "=", ":", "\"", "'", "<", ">"]
        var out = ""
        var rest = Substring(text)
        var atBoundary = true
        while let c = rest.first {
            if atBoundary, c == "/", let rule = rules.first(where: { rest.hasPrefix($0.from) }) {
                out += rule.to
                rest = rest.dropFirst(rule.from.count)
                atBoundary = false
                continue
            }
            out.append(c)
            atBoundary = boundaries.contains(c)
            rest = rest.dropFirst()
        }
        return out
    }
}
