/// What a running job reports, in order: `started` once, `inputFinished` once per input it processes,
/// `reportFailed` if the report could not be written, and `finished` last.
public enum FilterJobEvent: Sendable {
    /// Work begins: `pending` inputs will be processed, `alreadyDone` were skipped as complete.
    case started(pending: Int, alreadyDone: Int)
    /// One input is done (ok or failed), with the progress of the whole job.
    case inputFinished(RunReport.InputReport, FilterJobProgress)
    /// The maps are written but the report could not be (the reason names the file).
    case reportFailed(String)
    /// The job is over.
    case finished(FilterJobOutcome)
}

/// How far a job has come.
public struct FilterJobProgress: Equatable, Sendable {
    /// Inputs processed so far.
    public let done: Int
    /// Inputs this run processes in all.
    public let total: Int
    /// Inputs that failed so far.
    public let failed: Int
    /// Seconds since the job started.
    public let seconds: Double
}

/// How a job ended.
public struct FilterJobOutcome: Equatable, Sendable {
    /// Inputs fully processed.
    public var ok = 0
    /// Inputs that failed (each reported with its reason).
    public var failed = 0
    /// Inputs skipped: complete under skip-existing, or files that are not images.
    public var skipped = 0
    /// Files written (maps and contact sheets).
    public var outputFiles = 0
    /// Wall-clock seconds.
    public var seconds: Double = 0
    /// The report written, if one was asked for and could be written.
    public var reportPath: String?
    /// Why the asked-for report could not be written.
    public var reportError: String?

    /// Whether anything went wrong: a failed input, or a report that was asked for and not written.
    public var succeeded: Bool { failed == 0 && reportError == nil }
}
