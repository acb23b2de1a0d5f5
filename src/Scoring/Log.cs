using Microsoft.Extensions.Logging;

namespace RiskWatch.Scoring;

/// <summary>The Scoring module's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Classifier model {Version} loaded from {Path}")]
    public static partial void ModelLoaded(ILogger logger, string version, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No classifier model at {Path}: training one from the seed corpus")]
    public static partial void TrainingSeedModel(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed classifier model {Version} trained in {Ms} ms and saved to {Path}")]
    public static partial void SeedModelTrained(ILogger logger, string version, long ms, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Classifier model at {Path} is unusable; keeping model {Version}. {Reason}")]
    public static partial void ModelRejected(ILogger logger, string path, string version, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Classifier failed on a batch of {Count} items; answering low-confidence defaults")]
    public static partial void PredictionFailed(ILogger logger, int count, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Country risk for {Country}: {Score:F1} (level {Level})")]
    public static partial void CountryScored(ILogger logger, string country, double score, int level);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Country risk snapshot for {Country} could not be saved")]
    public static partial void SnapshotFailed(ILogger logger, string country, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Country level listener {Listener} failed on {Country} {Old} -> {New}")]
    public static partial void LevelListenerFailed(ILogger logger, string listener, string country, int old, int @new, Exception ex);
}
