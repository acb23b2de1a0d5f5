namespace RiskWatch.Web.Demo;

/// <summary>
/// Offline demo (<c>--demo</c>): the app serves the sample feeds the project ships (Demo/feeds, RiskWatch's own texts in the
/// real formats) on its own loopback endpoint, alternating between two snapshots every minute, and the real collectors
/// fetch them every 20 seconds, so level changes, new items and alerts keep happening while a newcomer watches.
/// </summary>
public static class DemoMode
{
    /// <summary>The demo sources and the snapshot file extension each one serves.</summary>
    internal static readonly (string Source, string Extension)[] Feeds =
    [
        ("us-state-dept", "xml"),
        ("cn-mfa-destinations", "json"),
    ];

    public static void Configure(WebApplicationBuilder builder)
    {
        var baseUrl = OwnBaseUrl(builder.Configuration);
        var settings = new Dictionary<string, string?>
        {
            ["RiskWatch:Demo"] = "true",
            ["RiskWatch:Alerts:BaseUrl"] = builder.Configuration["RiskWatch:Alerts:BaseUrl"] ?? baseUrl,
            // A demo lasts minutes, not days: let alerts repeat at the pace of the snapshots.
            ["RiskWatch:Alerts:RealertInterval"] = "00:00:30",
            ["RiskWatch:Alerts:NearDuplicateWindow"] = "00:00:30",
        };
        foreach (var (source, ext) in Feeds)
        {
            var key = $"RiskWatch:Sources:{source}:";
            settings[key + "Enabled"] = "true";
            settings[key + "Cron"] = "0/20 * * * * ?";
            settings[key + "Url"] = $"{baseUrl}/demo/feeds/{source}.{ext}";
            settings[key + "AllowPrivateNetwork"] = "true";
            settings[key + "MinHostIntervalSeconds"] = "0";
        }
        builder.Configuration.AddInMemoryCollection(settings);
    }

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<DemoFeeds>();
        services.AddHostedService<DemoSubscriber>();
    }

    /// <summary>The first URL the app listens on, as a loopback address the collectors can fetch.</summary>
    internal static string OwnBaseUrl(IConfiguration config)
    {
        // --urls and ASPNETCORE_URLS both arrive as "urls"; HTTP_PORTS is the container default.
        var urls = config["urls"];
        if (string.IsNullOrEmpty(urls))
        {
            var port = config["HTTP_PORTS"]?.Split(';')[0];
            urls = string.IsNullOrEmpty(port) ? "http://localhost:5000" : $"http://127.0.0.1:{port}";
        }
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(u => u.StartsWith("http://")) ?? "http://localhost:5000";
        var uri = new Uri(first.Replace("://*", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1"));
        var host = uri.Host is "localhost" ? "127.0.0.1" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}";
    }
}

/// <summary>Serves the demo snapshots: snapshot "a" in even minutes since start, "b" in odd ones.</summary>
public sealed class DemoFeeds(TimeProvider time)
{
    private readonly DateTimeOffset _start = time.GetUtcNow();
    private readonly string _folder = Path.Combine(AppContext.BaseDirectory, "Demo", "feeds");

    /// <summary>Whole minutes since start: each minute is one "publication" of the feeds.</summary>
    public int Window => (int)(time.GetUtcNow() - _start).TotalMinutes;

    public string Snapshot => Window % 2 == 0 ? "a" : "b";

    /// <summary>When the current snapshot was "published": validators for conditional GET follow the snapshot, not the file's time.</summary>
    public DateTimeOffset PublishedAt => _start.AddMinutes(Window);

    public string? PathFor(string source, string ext)
    {
        if (!DemoMode.Feeds.Contains((source, ext))) return null;
        var path = Path.Combine(_folder, $"{source}.{Snapshot}.{ext}");
        return File.Exists(path) ? path : null;
    }
}

public static class DemoFeedEndpoints
{
    public static void MapDemoFeeds(this WebApplication app) =>
        app.MapGet("/demo/feeds/{source}.{ext}", (string source, string ext, DemoFeeds feeds) =>
            feeds.PathFor(source, ext) is { } path
                ? Results.File(path, ext == "xml" ? "application/rss+xml; charset=utf-8" : "application/json; charset=utf-8",
                    lastModified: feeds.PublishedAt, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{source}-{feeds.Window}\""))
                : Results.NotFound())
            .ExcludeFromDescription();
}
