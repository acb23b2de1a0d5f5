using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Outbox;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Tests.Support;

/// <summary>The Alerts module wired as the host wires it, over a temp data folder and a real SQLite file, with a fake clock.</summary>
public sealed partial class AlertsHarness : IAsyncDisposable
{
    public const string BaseUrl = "http://127.0.0.1:5999";
    private readonly Dictionary<string, string?> _settings;
    private ServiceProvider _sp;

    public string DataDir { get; }
    public FakeTimeProvider Time { get; }

    private AlertsHarness(string dir, Dictionary<string, string?> settings, FakeTimeProvider time)
    {
        DataDir = dir; _settings = settings; Time = time;
        _sp = Build();
    }

    public static async Task<AlertsHarness> CreateAsync(int? smtpPort = null, Dictionary<string, string?>? extra = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rw-alerts-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var settings = new Dictionary<string, string?>
        {
            [RiskWatchPaths.DataDirectoryKey] = dir,
            ["RiskWatch:Alerts:BaseUrl"] = BaseUrl,
            ["RiskWatch:Alerts:Outbox:RetryBaseDelay"] = "00:00:10",
            ["RiskWatch:Alerts:Smtp:Timeout"] = "00:00:05",
        };
        if (smtpPort is int port)
        {
            settings["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1";
            settings["RiskWatch:Alerts:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["RiskWatch:Alerts:Smtp:Security"] = "None";
        }
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var h = new AlertsHarness(dir, settings, new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero)));
        await using var db = h.Db();
        await AlertsDbContext.EnsureTablesAsync(db, CancellationToken.None);
        return h;
    }

    private ServiceProvider Build()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(config);
        services.AddSingleton<TimeProvider>(Time);
        services.AddAlerts(config);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>A new process over the same data folder and database (the old sender is gone).</summary>
    public async Task RestartAsync()
    {
        await _sp.DisposeAsync();
        _sp = Build();
    }

    public T Get<T>() where T : notnull => _sp.GetRequiredService<T>();
    public SubscriptionService Subscriptions => Get<SubscriptionService>();
    public AdvisoryService Advisories => Get<AdvisoryService>();
    public DigestService Digests => Get<DigestService>();
    public OutboxSender Sender => Get<OutboxSender>();
    public IItemListener Listener => Get<IItemListener>();
    public AlertsDbContext Db() => Get<IDbContextFactory<AlertsDbContext>>().CreateDbContext();
    public string MailDir => Path.Combine(DataDir, "mail");

    public Task IngestAsync(params RiskItem[] items) => Listener.OnIngestedAsync(new IngestBatch(items, [], []), CancellationToken.None);
    public Task IngestUpdatedAsync(params RiskItem[] items) => Listener.OnIngestedAsync(new IngestBatch([], items, []), CancellationToken.None);

    public async Task<List<OutboxMessage>> OutboxAsync(string? kind = null, string? to = null)
    {
        await using var db = Db();
        var q = db.Outbox.AsNoTracking();
        if (kind is not null) q = q.Where(m => m.Kind == kind);
        if (to is not null) q = q.Where(m => m.To == to);
        return (await q.ToListAsync()).OrderBy(m => m.CreatedAt).ToList();
    }

    public static MimeMessage Parse(OutboxMessage m) => MimeMessage.Load(new MemoryStream(m.Mime));

    /// <summary>Subscribes, follows the link of the confirmation email, returns the subscription id.</summary>
    public async Task<long> SubscribeConfirmedAsync(SubscribeRequest request, string client = "test-client")
    {
        var r = await Subscriptions.SubscribeAsync(request, client + Guid.NewGuid(), CancellationToken.None);
        Assert.Equal(SubscribeStatus.Accepted, r.Status);
        var confirm = (await OutboxAsync("confirm", request.Email)).Last();
        var token = LinkToken(Parse(confirm).TextBody, "confirm");
        var c = await Subscriptions.ConfirmAsync(token, CancellationToken.None);
        Assert.Equal(TokenActionStatus.Done, c.Status);
        return c.Subscription!.Id;
    }

    /// <summary>The token of the first link to /subscriptions/{action} in a text.</summary>
    public static string LinkToken(string? text, string action)
    {
        var m = Regex.Match(text ?? "", "/subscriptions/" + action + @"\?token=([A-Za-z0-9_\-\.]+)");
        Assert.True(m.Success, $"no {action} link in: {text}");
        return m.Groups[1].Value;
    }

    public async ValueTask DisposeAsync()
    {
        await _sp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Test data.</summary>
public static class Some
{
    private static int _n;

    public static RiskItem Item(string country = "AF", int level = 4, RiskCategory category = RiskCategory.TerrorismSecurity,
        string? title = null, string source = "us-state", string text = "Security situation report.", string? id = null, string? url = null, string? hash = null)
    {
        var n = Interlocked.Increment(ref _n);
        var t = title ?? $"Item {n} about {country}";
        return new RiskItem
        {
            Id = id ?? $"{source}-{n:x8}",
            Source = source,
            Title = t,
            Url = url ?? $"https://example.test/{source}/{n}",
            Text = text,
            Published = new DateTimeOffset(2026, 1, 4, 12, 0, 0, TimeSpan.Zero),
            Collected = new DateTimeOffset(2026, 1, 4, 12, 0, 0, TimeSpan.Zero),
            Level = level,
            Countries = country.Length == 0 ? [] : country.Split(','),
            Category = category,
            Severity = level,
            ContentHash = hash ?? ItemIds.ContentHash(t, text, null),
            Language = "en",
        };
    }

    public static SubscribeRequest Request(string? email = null, string[]? countries = null, int minLevel = 1, string language = "en",
        string frequency = "immediate", string[]? categories = null, string[]? keywords = null) => new()
    {
        Email = email ?? $"user{Interlocked.Increment(ref _n)}@example.test",
        Organisation = "Test Co",
        Countries = countries ?? [],
        MinLevel = minLevel,
        Language = language,
        Frequency = frequency,
        Categories = categories ?? [],
        Keywords = keywords ?? [],
    };
}
