import ArgumentParser

/// The exit codes cron wrappers can rely on.
enum ExitCodes {
    /// The pipeline file is invalid.
    static let badPipelineFile = ExitCode(64)
    /// More records were quarantined than a `budget` allows; nothing was committed.
    static let overBudget = ExitCode(65)
    /// Anything else that failed the run.
    static let failure = ExitCode(1)
}
