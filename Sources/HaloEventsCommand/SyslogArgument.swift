import ArgumentParser
import HaloConnector
import HaloOutput

/// A syslog setting of HaloOutput that a command-line value spells, read by its validating initialiser.
protocol SyslogSetting: Sendable {
    init(validating text: String) throws(SyslogOptionError)
}

extension SyslogPriority: SyslogSetting {}
extension SyslogServerAddress: SyslogSetting {}
extension SyslogTransport: SyslogSetting {}
extension SyslogHeaderFormat: SyslogSetting {}

/// The value of a syslog option as ArgumentParser read it: the setting, or why its text is none.
///
/// `ExpressibleByArgument` can only refuse a value with `nil`, after which ArgumentParser says no more than
/// that it is invalid; keeping the refusal lets ``OutputOptions/resolve()`` say why, in the sentence and
/// with the exit status of every bad flag (`--facility=local9.info: 'local9' is not a syslog facility; …`, 64).
struct SyslogArgument<Setting: SyslogSetting>: ExpressibleByArgument, Sendable {
    private let value: Result<Setting, SyslogOptionError>

    init(argument: String) {
        value = Result { () throws(SyslogOptionError) in try Setting(validating: argument) }
    }

    /// The setting, or a usage error naming `flag` and saying why its value is refused.
    func setting(of flag: String) throws(UsageError) -> Setting {
        switch value {
        case .success(let setting): return setting
        case .failure(let error): throw UsageError("\(flag)=\(error.text): \(error)")
        }
    }
}
