using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

public sealed class SourcesApiTests
{
    [Fact]
    public async Task RunNow_IsForAdmins_AndCollectsTheSourceOnce()
    {
        await using var feed = new LoopbackHttpServer();
        feed.Serve("/rss.xml", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "feeds", "us-state-dept.a.xml")));
        await using var app = new RiskWatchApp(new()
        {
            // Enabled with a schedule that never fires during the test: only "run now" collects.
            ["RiskWatch:Sources:us-state-dept:Enabled"] = "true",
            ["RiskWatch:Sources:us-state-dept:Cron"] = "0 0 0 1 1 ? 2099",
            ["RiskWatch:Sources:us-state-dept:Url"] = feed.Url("/rss.xml").ToString(),
            ["RiskWatch:Sources:us-state-dept:AllowPrivateNetwork"] = "true",
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync("/api/sources/us-state-dept/run", null)).StatusCode);
        var analyst = await Staff.ClientWithRoleAsync(app, Roles.Analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/api/sources/us-state-dept/run", null)).StatusCode);

        var admin = await Staff.ClientWithRoleAsync(app, Roles.Admin);
        var run = await (await admin.PostAsync("/api/sources/us-state-dept/run", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(run.GetProperty("success").GetBoolean(), run.ToString());
        Assert.Equal(10, run.GetProperty("added").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/sources/no-such-source/run", null)).StatusCode);

        var sources = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/sources");
        var us = sources.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "us-state-dept");
        Assert.Equal(10, us.GetProperty("itemsSeen").GetInt32());
    }
}
