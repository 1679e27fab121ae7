import Foundation
import HaloSimulator
import Testing
import TestSupport

@Suite("ZZ repro", .serialized) struct ZZReproTests {
    @Test("stop while clients connect")
    func stopWhileConnecting() async throws {
        for round in 0..<20 {
            let sim = try await HaloSimulator.start(ConnectorFixture.simulator(accounts: 1, events: 10, seed: 1))
            let port = sim.port
            let flag = StopFlag()
            let thread = Thread {
                while !flag.stopped {
                    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                    var address = sockaddr_in()
                    address.sin_family = sa_family_t(AF_INET)
                    address.sin_port = UInt16(port).bigEndian
                    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
                    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
                    close(fd)
                }
            }
            thread.start()
            usleep(1_000_000)
            flag.stop()
            print("round \(round) connect loop survived")
            usleep(50_000)
            await sim.stop()
            usleep(10_000)
            print("round \(round) ok")
        }
    }
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var stopped: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func stop() { lock.lock(); value = true; lock.unlock() }
}
