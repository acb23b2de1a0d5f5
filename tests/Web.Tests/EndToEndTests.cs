using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

/// <summary>
/// The foundation's one path through every module: a feed on a real loopback HTTP server → the scheduled collector →
/// classifier → Lucene index → search API, and an alert e-mail to a real loopback SMTP server.
/// </summary>
public sealed class EndToEndTests
{
    private static string DemoFeed(string snapshot) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "feeds", $"us-state-dept.{snapshot}.xml"));

    [Fact]
    public async Task ScheduledCollector_IndexesFeed_AndSubscriberGetsAlertNamingCountryAndLevel()
    {
        await using var feed = new LoopbackHttpServer();
        await using var smtp = new SmtpSink();
        feed.Serve("/rss.xml", DemoFeed("a"));
        await using var app = new RiskWatchApp(new()
        {
            ["RiskWatch:Sources:us-state-dept:Enabled"] = "true",
            ["RiskWatch:Sources:us-state-dept:Url"] = feed.Url("/rss.xml").ToString(),
            ["RiskWatch:Sources:us-state-dept:Cron"] = "0/1 * * * * ?",
            ["RiskWatch:Sources:us-state-dept:AllowPrivateNetwork"] = "true",
            ["RiskWatch:Sources:us-state-dept:MinHostIntervalSeconds"] = "0",
            ["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1",
            ["RiskWatch:Alerts:Smtp:Port"] = smtp.Port.ToString(),
            ["RiskWatch:Alerts:BaseUrl"] = "http://riskwatch.test",
        });
        var client = app.CreateClient();

        // The scheduled collector fetches the feed; Kenya is searchable through the API.
        var kenya = await Eventually(async () =>
        {
            var doc = await client.GetFromJsonAsync<JsonElement>("/api/items?q=Kenya&country=KE");
            return doc.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("title").GetString()!.StartsWith("Kenya"));
        }, i => i.ValueKind == JsonValueKind.Object);
        Assert.Equal(2, kenya.GetProperty("level").GetInt32());
        Assert.Equal(["KE"], kenya.GetProperty("countries").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.False(string.IsNullOrEmpty(kenya.GetProperty("modelVersion").GetString()));

        // Subscribe to Kenya at level 3 and above, confirm through the link in the e-mail.
        var post = await client.PostAsJsonAsync("/api/subscriptions", new
        {
            email = "ops@example.test", organisation = "Example Mining Co", countries = new[] { "KE" }, minLevel = 3, language = "en", frequency = "immediate",
        });
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var confirmation = await smtp.WaitForAsync(m => m.To.ToString().Contains("ops@example.test"), TimeSpan.FromSeconds(30));
        var link = Links(confirmation).First(l => l.Contains("confirm", StringComparison.OrdinalIgnoreCase));
        var confirmed = await client.GetAsync(new Uri(link).PathAndQuery);
        Assert.True(confirmed.IsSuccessStatusCode, $"confirm answered {(int)confirmed.StatusCode}");
        int before = smtp.Messages.Count;

        // Kenya's advisory is reissued at Level 3 (RiskWatch 4, high): the subscriber is told, naming the country and the level.
        feed.Serve("/rss.xml", DemoFeed("b"));
        var alert = await smtp.WaitForAsync(m => smtp.Messages.ToList().IndexOf(m) >= before && m.To.ToString().Contains("ops@example.test"), TimeSpan.FromSeconds(60));
        var body = alert.TextBody ?? alert.HtmlBody ?? "";
        Assert.Contains("Kenya", alert.Subject + body);
        Assert.Matches("(?i)level\\s*4|high", alert.Subject + body);
        Assert.NotNull(alert.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", alert.Headers["List-Unsubscribe-Post"]);
    }

    internal static IEnumerable<string> Links(MimeKit.MimeMessage m) =>
        System.Text.RegularExpressions.Regex.Matches((m.TextBody ?? "") + " " + (m.HtmlBody ?? ""), "https?://[^\\s\"<>]+").Select(x => WebUtility.HtmlDecode(x.Value));

    internal static async Task<T> Eventually<T>(Func<Task<T>> probe, Func<T, bool> done, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        T last = default!;
        while (DateTime.UtcNow < until)
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(250);
        }
        throw new TimeoutException($"condition not met within {seconds}s; last value: {last}");
    }
}
