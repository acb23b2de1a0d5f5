using Microsoft.Extensions.Logging;

namespace RiskWatch.Collectors;

/// <summary>The module's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {Url} failed (attempt {Attempt}); retrying in {DelayMs:0} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, Uri url, int attempt, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source}: {Items} items ({Added} new, {Updated} updated, {Changes} level changes), {Bytes} bytes in {DurationMs:0} ms")]
    public static partial void RunSucceeded(ILogger logger, string source, int items, int added, int updated, int changes, long bytes, double durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source} failed ({Failures} in a row): {Reason}")]
    public static partial void RunFailed(ILogger logger, string source, int failures, string reason, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source} is not known; nothing run")]
    public static partial void UnknownSource(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} is disabled; its scheduled run was skipped")]
    public static partial void ScheduledRunSkipped(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} set to enabled={Enabled} by {By}")]
    public static partial void SourceSwitched(ILogger logger, string source, bool enabled, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} ({Kind}, {Url}) added by {By}")]
    public static partial void SourceAdded(ILogger logger, string source, string kind, string url, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} removed by {By}")]
    public static partial void SourceRemoved(ILogger logger, string source, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Source {Source} added on the sources page is now also in the configuration; the configuration wins")]
    public static partial void AddedSourceShadowed(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source} added on the sources page cannot be loaded: {Problems}")]
    public static partial void AddedSourceInvalid(ILogger logger, string source, string problems);
}
