using Microsoft.Extensions.Options;

namespace RiskWatch.Alerts;

/// <summary>Alerts configuration, section <c>RiskWatch:Alerts</c>. Defaults suit one machine with the pickup folder as transport.</summary>
public sealed class AlertsOptions
{
    public const string Section = "RiskWatch:Alerts";

    /// <summary>Absolute root of every link in an email (confirm, manage, unsubscribe, feedback). The host sets it to its own URL.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Secret for link tokens. When empty, a random key is generated once and kept in <c>&lt;data&gt;/keys/alerts-signing.key</c>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The From mailbox of every email.</summary>
    public string From { get; set; } = "RiskWatch 风险预警 <alerts@riskwatch.local>";

    /// <summary>The mailto address of List-Unsubscribe; defaults to unsubscribe@ the From domain.</summary>
    public string? UnsubscribeMailto { get; set; }

    /// <summary>At most one immediate email per subscription and country within this interval; later events wait for the digest.</summary>
    public TimeSpan RealertInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Items about the same countries at the same level from different sources within this window are one event.</summary>
    public TimeSpan NearDuplicateWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Subscriptions accepted per email address and per client within <see cref="RateLimitWindow"/>.</summary>
    public int SubscribeLimitPerAddress { get; set; } = 5;
    public int SubscribeLimitPerClient { get; set; } = 5;
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Quartz cron expressions of the digests (seconds first), evaluated in <see cref="DigestTimeZone"/>.</summary>
    public string DailyDigestCron { get; set; } = "0 0 8 * * ?";
    public string WeeklyDigestCron { get; set; } = "0 0 8 ? * MON";
    public string DigestTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>When a country's level rises, the draft advisory it creates is published at once instead of waiting for an analyst.</summary>
    public bool AutoPublishLevelRiseAdvisories { get; set; }

    public SmtpOptions Smtp { get; set; } = new();
    public DkimOptions Dkim { get; set; } = new();
    public OutboxOptions Outbox { get; set; } = new();
}

/// <summary>SMTP relay. An empty <see cref="Host"/> means the pickup folder <c>&lt;data&gt;/mail</c> is the transport.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>Connections kept open and used in parallel.</summary>
    public int PoolSize { get; set; } = 4;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>MailKit's pipelining is ~75x slower than plain commands against local relays (STACK.md); off unless asked for.</summary>
    public bool UsePipelining { get; set; }
}

/// <summary>DKIM signing; active when <see cref="PrivateKeyPath"/> names a PEM RSA key.</summary>
public sealed class DkimOptions
{
    public string? PrivateKeyPath { get; set; }
    public string? Domain { get; set; }
    public string Selector { get; set; } = "riskwatch";
}

/// <summary>The outbox sender.</summary>
public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 500;
    /// <summary>First retry delay; each further attempt doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>After this many temporary failures the message is recorded as a permanent failure.</summary>
    public int MaxAttempts { get; set; } = 12;
    /// <summary>A claimed message not recorded within this time (crashed sender) is claimed again.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);
}

internal sealed class AlertsOptionsValidator : IValidateOptions<AlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertsOptions o)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
            errors.Add($"{AlertsOptions.Section}:BaseUrl must be an absolute http(s) URL, got '{o.BaseUrl}'.");
        if (!MimeKit.MailboxAddress.TryParse(o.From, out _))
            errors.Add($"{AlertsOptions.Section}:From is not a mailbox: '{o.From}'.");
        if (o.RealertInterval < TimeSpan.Zero) errors.Add("RealertInterval must not be negative.");
        if (o.NearDuplicateWindow < TimeSpan.Zero) errors.Add("NearDuplicateWindow must not be negative.");
        if (o.SubscribeLimitPerAddress < 1 || o.SubscribeLimitPerClient < 1) errors.Add("Subscribe limits must be at least 1.");
        if (o.RateLimitWindow <= TimeSpan.Zero) errors.Add("RateLimitWindow must be positive.");
        if (!Quartz.CronExpression.TryParse(o.DailyDigestCron, out _)) errors.Add($"DailyDigestCron is not a Quartz cron expression: '{o.DailyDigestCron}'.");
        if (!Quartz.CronExpression.TryParse(o.WeeklyDigestCron, out _)) errors.Add($"WeeklyDigestCron is not a Quartz cron expression: '{o.WeeklyDigestCron}'.");
        try { TimeZoneInfo.FindSystemTimeZoneById(o.DigestTimeZone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException) { errors.Add($"DigestTimeZone '{o.DigestTimeZone}' is unknown."); }
        if (o.Smtp.Port is < 1 or > 65535) errors.Add("Smtp:Port must be 1-65535.");
        if (o.Smtp.PoolSize is < 1 or > 64) errors.Add("Smtp:PoolSize must be 1-64.");
        if (!Enum.TryParse<MailKit.Security.SecureSocketOptions>(o.Smtp.Security, true, out _)) errors.Add($"Smtp:Security '{o.Smtp.Security}' is not one of None, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect.");
        if (o.Dkim.PrivateKeyPath is { Length: > 0 } p)
        {
            if (!File.Exists(p)) errors.Add($"Dkim:PrivateKeyPath '{p}' does not exist.");
            if (string.IsNullOrWhiteSpace(o.Dkim.Domain)) errors.Add("Dkim:Domain is required with a DKIM key.");
        }
        if (o.Outbox.PollInterval <= TimeSpan.Zero) errors.Add("Outbox:PollInterval must be positive.");
        if (o.Outbox.BatchSize < 1) errors.Add("Outbox:BatchSize must be at least 1.");
        if (o.Outbox.MaxAttempts < 1) errors.Add("Outbox:MaxAttempts must be at least 1.");
        if (o.Outbox.RetryBaseDelay <= TimeSpan.Zero || o.Outbox.MaxRetryDelay < o.Outbox.RetryBaseDelay) errors.Add("Outbox retry delays must be positive with Max >= Base.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
