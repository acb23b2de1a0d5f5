using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

/// <summary>
/// A feed that is not XML, truncated, larger than the limit or too slow marks the source unhealthy with a readable reason
/// on /healthz; the app keeps serving and what is already indexed stays searchable.
/// </summary>
public sealed class BadFeedTests
{
    [Theory]
    [InlineData("not-xml")]
    [InlineData("truncated")]
    [InlineData("too-large")]
    [InlineData("timeout")]
    public async Task BadFeed_MarksSourceUnhealthyWithReason_AndKeepsIndexedItems(string kind)
    {
        await using var feed = new LoopbackHttpServer();
        var good = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "feeds", "us-state-dept.a.xml"));
        feed.Serve("/rss.xml", good);
        await using var app = new RiskWatchApp(new()
        {
            ["RiskWatch:Sources:us-state-dept:Enabled"] = "true",
            ["RiskWatch:Sources:us-state-dept:Url"] = feed.Url("/rss.xml").ToString(),
            ["RiskWatch:Sources:us-state-dept:Cron"] = "0/1 * * * * ?",
            ["RiskWatch:Sources:us-state-dept:AllowPrivateNetwork"] = "true",
            ["RiskWatch:Sources:us-state-dept:MinHostIntervalSeconds"] = "0",
            ["RiskWatch:Sources:us-state-dept:MaxBytes"] = "200000",
            ["RiskWatch:Sources:us-state-dept:TimeoutSeconds"] = "2",
            ["RiskWatch:Collectors:MaxRetries"] = "0",
        });
        var client = app.CreateClient();
        var total = await EndToEndTests.Eventually(async () => (await client.GetFromJsonAsync<JsonElement>("/api/items?q=")).GetProperty("total").GetInt64(), n => n > 0);

        feed.Serve("/rss.xml", kind switch
        {
            "not-xml" => new LoopbackHttpServer.Response(Encoding.UTF8.GetBytes("<html><body>Service temporarily unavailable</body></html>"), ContentType: "text/html"),
            "truncated" => new LoopbackHttpServer.Response(Encoding.UTF8.GetBytes(good[..(good.Length / 2)])),
            "too-large" => new LoopbackHttpServer.Response(Encoding.UTF8.GetBytes(good + new string(' ', 300_000))),
            _ => new LoopbackHttpServer.Response(Encoding.UTF8.GetBytes(good), Delay: TimeSpan.FromSeconds(6)),
        });

        var source = await EndToEndTests.Eventually(async () =>
        {
            var health = await client.GetFromJsonAsync<JsonElement>("/healthz");
            return health.GetProperty("checks").GetProperty("sources");
        }, s => s.GetProperty("status").GetString() != "Healthy", seconds: 60);
        var description = source.GetProperty("description").GetString()!;
        Assert.StartsWith("us-state-dept: ", description);
        Assert.True(description.Length > "us-state-dept: ".Length + 5, description);

        // Nothing already indexed is lost, and the app still answers.
        var after = (await client.GetFromJsonAsync<JsonElement>("/api/items?q=")).GetProperty("total").GetInt64();
        Assert.Equal(total, after);
    }
}
