using System.ComponentModel.DataAnnotations;

namespace RiskWatch.Collectors;

/// <summary>
/// One source's settings, bound from <c>RiskWatch:Sources:&lt;id&gt;</c>. Built-in sources need none of them; a generic source
/// (an analyst's website) needs <see cref="Kind"/>, <see cref="Url"/> and the field paths or selectors.
/// </summary>
public sealed class SourceOptions
{
    /// <summary>Whether the scheduler runs it. Default: only <c>us-state-dept</c> is enabled; a configured generic source is enabled.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Quartz cron (seconds first), e.g. "0 0 */6 * * ?". Default every 6 hours ("0 0 * * * ?" for us-state-dept).</summary>
    public string? Cron { get; set; }

    /// <summary>Instead of <see cref="Cron"/>: run every so many minutes (1–10080), first run one interval after the schedule starts.</summary>
    [Range(1, 10080)]
    public int? IntervalMinutes { get; set; }

    /// <summary>Overrides the official URL of a built-in source; required for a generic source.</summary>
    public string? Url { get; set; }

    /// <summary>Allows a URL that resolves to a loopback or private address (tests, the demo, an intranet mirror). Default false.</summary>
    public bool AllowPrivateNetwork { get; set; }

    /// <summary>Per-request timeout including reading the body. Default 30 s.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Largest body read; a larger one fails the fetch. Default 20 MB.</summary>
    [Range(1024, 1L << 31)]
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Overrides <see cref="CollectorsOptions.MinIntervalPerHostSeconds"/> for this source's requests (0 for a local mirror).</summary>
    [Range(0, 3600)]
    public double? MinHostIntervalSeconds { get; set; }

    /// <summary>Generic sources only: <c>rss</c> (RSS or Atom), <c>json</c> or <c>html</c>. Empty for built-in sources.</summary>
    public string? Kind { get; set; }

    /// <summary>A display name for the sources page.</summary>
    public string? Name { get; set; }

    /// <summary>json: dotted path to the array of items (e.g. "data.items"; empty when the document is the array). html: CSS selector of one item.</summary>
    public string? Item { get; set; }

    /// <summary>json: path inside an item; html: CSS selector inside an item (empty = the item's own text).</summary>
    public string? Title { get; set; }

    /// <summary>json: path; html: selector of the anchor (default "a[href]").</summary>
    public string? Link { get; set; }

    public string? Date { get; set; }
    public string? Body { get; set; }

    /// <summary>json: path to an ISO2, ISO3 or country name (or an array of them). When absent, countries come from the gazetteer.</summary>
    public string? Country { get; set; }

    /// <summary>json: path to the raw level; html: selector. When absent the raw level is the first <see cref="LevelMap"/> key found in the title or text.</summary>
    public string? Level { get; set; }

    /// <summary>Raw level text (matched as a substring, case-insensitive) → RiskWatch 1–5, e.g. { "暂勿前往": 5, "Orange": 3 }.</summary>
    public Dictionary<string, int> LevelMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Fixed ISO2 codes for a source about one country (e.g. an embassy page).</summary>
    public List<string> Countries { get; set; } = [];

    /// <summary>"zh", "en"…; empty = detect.</summary>
    public string? Language { get; set; }

    /// <summary>html/rss: fetch each item's link and take the article text from <see cref="ArticleBody"/>.</summary>
    public bool FollowLinks { get; set; }

    /// <summary>CSS selector of the article text on a followed page (default "article, main, .content, body").</summary>
    public string? ArticleBody { get; set; }

    [Range(1, 500)]
    public int MaxFollow { get; set; } = 20;
}

/// <summary>Fetching rules shared by every source, bound from <c>RiskWatch:Collectors</c>.</summary>
public sealed class CollectorsOptions
{
    public const string Section = "RiskWatch:Collectors";

    public string UserAgent { get; set; } = "RiskWatch/1.0 (+https://github.com/riskwatch)";

    /// <summary>Minimum time between two requests to the same host. Default 1 s.</summary>
    [Range(0, 3600)]
    public double MinIntervalPerHostSeconds { get; set; } = 1;

    /// <summary>Retries after the first attempt on transient errors (5xx, 408, 429, timeouts, connection errors). Default 2.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; doubles each retry, with ±50 % jitter. Default 2 s.</summary>
    [Range(0, 600)]
    public double RetryBaseDelaySeconds { get; set; } = 2;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Consecutive failed requests to one host that open its circuit. Default 5.</summary>
    [Range(1, 1000)]
    public int BreakerFailures { get; set; } = 5;

    /// <summary>How long an open circuit refuses requests before one trial. Default 10 min.</summary>
    [Range(0, 1440)]
    public double BreakerMinutes { get; set; } = 10;

    /// <summary>Consecutive failed runs after which a source is reported unhealthy. Default 1 (any failure).</summary>
    [Range(1, 100)]
    public int UnhealthyAfterFailures { get; set; } = 1;
}
