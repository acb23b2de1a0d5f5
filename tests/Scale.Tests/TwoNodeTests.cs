using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using RiskWatch.Alerts.Data;
using RiskWatch.Scale.Tests.Support;
using RiskWatch.Web.Hosting.Schema;
using Xunit.Abstractions;

namespace RiskWatch.Scale.Tests;

/// <summary>
/// Two RiskWatch processes on one PostgreSQL database (clustered Quartz, shared outbox): each scheduled collection runs
/// once per firing, the survivor of a kill -9 keeps firing, and every outbox message is delivered once.
/// </summary>
public sealed class TwoNodeTests(ITestOutputHelper output)
{
    private const string FeedPath = "feed.xml";
    private const int EverySeconds = 3;

    // A valid feed with no items: the nodes fetch and parse it, and nothing needs the classifier.
    private const string EmptyFeed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>scale test</title><link>http://127.0.0.1/</link><description>empty</description></channel></rss>
        """;

    private static Dictionary<string, string> Settings(TestDatabase db, IDictionary<string, string>? extra = null)
    {
        var s = new Dictionary<string, string>
        {
            ["ConnectionStrings:RiskWatch"] = db.ConnectionString,
            ["RiskWatch:Scheduler:Clustered"] = "true",
            ["RiskWatch:Scheduler:CheckinInterval"] = "00:00:02",
            ["RiskWatch:Sources:us-state-dept:Enabled"] = "false",
            ["RiskWatch:Scoring:TrainSeedModelWhenMissing"] = "false",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) s[k] = v;
        return s;
    }

    [Fact]
    public async Task Scheduler_TwoNodesOneDatabase_EachFiringRunsOnceAndSurvivorTakesOverAfterKill()
    {
        await using var db = await TestDatabase.CreateAsync("postgres", output);
        if (db is null) return;
        await using var feeds = new LoopbackHttpServer();
        feeds.Serve(FeedPath, EmptyFeed, "application/rss+xml; charset=utf-8");
        var settings = Settings(db, new Dictionary<string, string>
        {
            ["RiskWatch:Sources:scale-feed:Kind"] = "rss",
            ["RiskWatch:Sources:scale-feed:Url"] = feeds.Url(FeedPath).ToString(),
            ["RiskWatch:Sources:scale-feed:AllowPrivateNetwork"] = "true",
            ["RiskWatch:Sources:scale-feed:Cron"] = $"0/{EverySeconds} * * * * ?",
        });

        await using var a = await RiskWatchNode.StartAsync("node-a", settings, TimeSpan.FromSeconds(90));
        await using var b = await RiskWatchNode.StartAsync("node-b", settings, TimeSpan.FromSeconds(90));

        // Both nodes up: watch 10 firings; every one runs on time, on one node.
        const string Run = "Source scale-feed:";
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(10 * EverySeconds));
        var to = DateTimeOffset.UtcNow;
        var both = Window(feeds.RequestTimes(FeedPath), from, to);
        var expected = Firings(from, to);
        output.WriteLine($"both nodes: {both.Count} fetches for {expected} firings; runs logged: a={a.Count(Run)}, b={b.Count(Run)}");
        AssertAtMostOncePerFiring(both, expected, "both nodes running");
        Assert.InRange(both.Count, expected - 1, expected);
        Assert.True(Gaps(both).All(g => g > TimeSpan.FromSeconds(EverySeconds / 2.0)), "both nodes running: a firing ran off its cron time: " + Times(both));

        // kill -9 one node; the survivor has to fire everything. Firings due while the dead node still held its claims run
        // late, once each, when the survivor takes them over (after the check-in margin); later ones run on time.
        var runsBeforeKill = b.Count(Run);
        a.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(10 * EverySeconds));
        var end = DateTimeOffset.UtcNow;
        var after = Window(feeds.RequestTimes(FeedPath), killedAt, end);
        var expectedAfter = Firings(killedAt, end);
        output.WriteLine($"after kill -9 of node-a: {after.Count} fetches for {expectedAfter} firings; runs logged by node-b: {b.Count(Run) - runsBeforeKill}");
        output.WriteLine($"killed at {killedAt:HH:mm:ss.fff}; fetches after: {Times(after)}");
        Assert.True(a.HasExited, "node-a still runs after the kill");
        Assert.False(b.HasExited, "node-b stopped:\n" + b.Output);
        AssertAtMostOncePerFiring(after, expectedAfter, "after the kill");
        // Every firing after the takeover margin (2 s check-in, 4 s threshold, and a little) ran.
        Assert.True(after.Count >= Firings(killedAt.AddSeconds(10), end), $"after the kill: only {after.Count} fetches: {Times(after)}");
        Assert.Equal(after.Count, b.Count(Run) - runsBeforeKill);
    }

    [Fact]
    public async Task Outbox_TwoNodesOneDatabase_EveryMessageDeliveredExactlyOnce()
    {
        await using var db = await TestDatabase.CreateAsync("postgres", output);
        if (db is null) return;
        await using var smtp = new SmtpSink();
        var settings = Settings(db, new Dictionary<string, string>
        {
            ["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1",
            ["RiskWatch:Alerts:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RiskWatch:Alerts:Smtp:Security"] = "None",
            ["RiskWatch:Alerts:Smtp:PoolSize"] = "2",
            // Small batches and a short poll: both senders keep coming back for more while the other is sending.
            ["RiskWatch:Alerts:Outbox:BatchSize"] = "20",
            ["RiskWatch:Alerts:Outbox:PollInterval"] = "00:00:00.200",
        });
        await using var a = await RiskWatchNode.StartAsync("node-a", settings, TimeSpan.FromSeconds(90));
        await using var b = await RiskWatchNode.StartAsync("node-b", settings, TimeSpan.FromSeconds(90));

        const int N = 600;
        var now = DateTimeOffset.UtcNow;
        await using (var ctx = db.Alerts())
        {
            for (var i = 0; i < N; i++)
                ctx.Outbox.Add(new OutboxMessage
                {
                    Id = Guid.NewGuid(), Kind = "alert", To = $"user{i}@example.com", Subject = $"scale {i}", Mime = Mime(i),
                    CreatedAt = now.AddMilliseconds(i), NextAttemptAt = now.AddSeconds(-1),
                });
            await ctx.SaveChangesAsync();
        }

        var until = DateTime.UtcNow.AddSeconds(90);
        while (smtp.Messages.Count < N && DateTime.UtcNow < until) await Task.Delay(200);
        await Task.Delay(2000); // a duplicate would arrive now
        var subjects = smtp.Messages.Select(m => m.Subject).ToList();
        var sentA = SentByNode(a);
        var sentB = SentByNode(b);
        output.WriteLine($"{subjects.Count} messages received for {N} queued; node-a logged {sentA} sent, node-b {sentB}");

        var duplicates = subjects.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, "delivered more than once: " + string.Join(", ", duplicates.Take(20)));
        Assert.Equal(Enumerable.Range(0, N).Select(i => $"scale {i}").Order(), subjects.Order());
        await using (var ctx = db.Alerts())
            Assert.Equal(N, await ctx.Outbox.CountAsync(m => m.SentAt != null && m.Attempts == 1));
        Assert.Equal(N, sentA + sentB);
    }

    [Fact]
    public async Task SignIn_OnOneNode_TheOtherNodeReadsTheCookie()
    {
        await using var db = await TestDatabase.CreateAsync("postgres", output);
        if (db is null) return;
        var settings = Settings(db, new Dictionary<string, string>
        {
            ["RiskWatch:Admin:Email"] = "admin@example.com",
            ["RiskWatch:Admin:Password"] = "correct horse battery staple",
        });
        // One after the other: the first creates the admin, the second finds it.
        await using var a = await RiskWatchNode.StartAsync("node-a", settings, TimeSpan.FromSeconds(90));
        await using var b = await RiskWatchNode.StartAsync("node-b", settings, TimeSpan.FromSeconds(90));
        var cookies = new System.Net.CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { Timeout = TimeSpan.FromSeconds(30) };

        using var login = await http.PostAsync(new Uri(a.BaseUri, "api/account/login"),
            new StringContent("""{"email":"admin@example.com","password":"correct horse battery staple"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, login.StatusCode);
        // Cookies are not tied to a port: the same container sends node-a's cookie to node-b, like a browser behind a load balancer.
        var me = await http.GetStringAsync(new Uri(b.BaseUri, "api/account/me"));

        Assert.Contains("\"name\":\"admin@example.com\"", me, StringComparison.Ordinal);
        Assert.Contains("Admin", me, StringComparison.Ordinal);
    }

    private static byte[] Mime(int i)
    {
        var m = new MimeMessage();
        m.From.Add(MailboxAddress.Parse("alerts@riskwatch.local"));
        m.To.Add(MailboxAddress.Parse($"user{i}@example.com"));
        m.Subject = $"scale {i}";
        m.Body = new TextPart("plain") { Text = $"message {i}" };
        using var ms = new MemoryStream();
        m.WriteTo(ms);
        return ms.ToArray();
    }

    /// <summary>The sum of "Outbox: N sent" over a node's log.</summary>
    private static int SentByNode(RiskWatchNode node) =>
        node.Output.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"Outbox: (\d+) sent")).Where(m => m.Success)
            .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    private static List<DateTimeOffset> Window(IReadOnlyList<DateTimeOffset> times, DateTimeOffset from, DateTimeOffset to) =>
        times.Where(t => t >= from && t < to).ToList();

    /// <summary>The cron's firing times (every <see cref="EverySeconds"/> s on the minute's multiples) within [from, to).</summary>
    private static int Firings(DateTimeOffset from, DateTimeOffset to)
    {
        var n = 0;
        for (var t = from.AddTicks(-(from.Ticks % TimeSpan.TicksPerSecond)); t < to; t = t.AddSeconds(1))
            if (t >= from && t.Second % EverySeconds == 0) n++;
        return n;
    }

    /// <summary>
    /// At most once per firing: no more fetches than firings, and no two fetches within half a second. A firing run by
    /// both nodes would fetch twice within milliseconds (each node has its own per-host gap of 1 s); one node running late
    /// firings back to back spaces them by that gap.
    /// </summary>
    private static void AssertAtMostOncePerFiring(List<DateTimeOffset> fetches, int firings, string when)
    {
        var close = Gaps(fetches).Count(g => g < TimeSpan.FromSeconds(0.5));
        Assert.True(close == 0, $"{when}: {close} fetches followed another within 0.5 s (a firing ran twice): {Times(fetches)}");
        Assert.True(fetches.Count <= firings, $"{when}: {fetches.Count} fetches for {firings} firings: {Times(fetches)}");
    }

    private static List<TimeSpan> Gaps(List<DateTimeOffset> times) => times.Zip(times.Skip(1), (x, y) => y - x).ToList();

    private static string Times(IEnumerable<DateTimeOffset> times) =>
        string.Join(" ", times.Select(t => t.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)));
}
