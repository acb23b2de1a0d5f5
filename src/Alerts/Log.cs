using Microsoft.Extensions.Logging;

namespace RiskWatch.Alerts;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Alerts: {Events} events matched {Subscriptions} subscriptions; {Emails} immediate emails queued, {Digest} entries for digests, {Folded} folded or duplicate")]
    public static partial void Matched(ILogger logger, int events, int subscriptions, int emails, int digest, int folded);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {Id} created, confirmation queued")]
    public static partial void Subscribed(ILogger logger, long id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {Id} {Action}")]
    public static partial void SubscriptionChanged(ILogger logger, long id, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribe refused by rate limit ({Which})")]
    public static partial void RateLimited(ILogger logger, string which);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A link token was refused ({Purpose})")]
    public static partial void TokenRefused(ILogger logger, string purpose);

    [LoggerMessage(Level = LogLevel.Information, Message = "Advisory {Id} ({Kind}) published to {Recipients} subscribers")]
    public static partial void Published(ILogger logger, long id, string kind, int recipients);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft advisory {Id} created for the rise of {Country} to level {Level}")]
    public static partial void DraftCreated(ILogger logger, long id, string country, int level);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Period} digest: {Emails} emails queued")]
    public static partial void DigestQueued(ILogger logger, string period, int emails);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: {Sent} sent, {Retry} to retry, {Failed} failed permanently via {Transport}")]
    public static partial void OutboxRound(ILogger logger, int sent, int retry, int failed, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id} to {To}: temporary failure (attempt {Attempt}), retry at {Next}: {Error}")]
    public static partial void TemporaryFailure(ILogger logger, Guid id, string to, int attempt, DateTimeOffset next, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {Id} to {To}: permanent failure: {Error}")]
    public static partial void PermanentFailure(ILogger logger, Guid id, string to, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox sender round failed; retrying after the poll interval")]
    public static partial void SenderRoundFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest job {Period} failed")]
    public static partial void DigestFailed(ILogger logger, string period, Exception ex);
}
