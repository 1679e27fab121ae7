import Testing

extension Tag {
    /// Takes many seconds by design (a large backlog, retry and time-out timers, memory at scale, many
    /// child runs). `make check` leaves these out; `make test` runs them.
    @Tag public static var slow: Self

    /// Starts a real daemon for the test (MariaDB, rsyslogd). `make check` leaves these out; `make test`
    /// runs them.
    @Tag public static var daemon: Self
}
