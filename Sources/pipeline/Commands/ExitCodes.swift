import ArgumentParser

/// The exit codes cron wrappers can rely on.
enum ExitCodes {
    /// The pipeline file is invalid.
    static let badPipelineFile = ExitCode(64)
    /// Anything else that failed the run.
    static let failure = ExitCode(1)
}
