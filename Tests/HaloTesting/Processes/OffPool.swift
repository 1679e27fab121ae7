import Foundation

/// Runs blocking `work` — waiting for a child process, polling a file, sleeping — on a thread of its own,
/// and awaits it.
///
/// A blocking call made straight from an async test holds one of the threads of Swift's cooperative pool,
/// and there are only as many as cores (two on the build machines). An in-process emulator
/// (`HaloSimulator`) answers on those same threads: two tests blocking at once starve every emulator of
/// the test process, and the connectors they started wait for answers until their time limits. Async
/// tests that talk to an in-process emulator should block only through this.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

extension RunningProcess {
    /// Waits (up to `timeout` seconds) for the end of the process without holding a cooperative thread.
    public func finished(timeout: Double = 120) async throws -> ProcessResult {
        try await offPool { try self.wait(timeout: timeout) }
    }
}
