using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

/// <summary>The sources admin API: enable/disable (stored over the configuration, obeyed by the schedule at once), add and remove sources.</summary>
public sealed class SourcesAdminTests
{
    private static string DemoFeed(string snapshot) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "feeds", $"us-state-dept.{snapshot}.xml"));

    private const string EmbassyFeed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>驻泰国使馆</title>
          <item><title>提醒在泰中国公民暂勿前往南部边境三府</title><link>https://th.example.org/n1</link><pubDate>Mon, 23 Nov 2026 08:00:00 +0800</pubDate>
            <description>近期泰国南部安全形势严峻，发生多起爆炸袭击。</description></item>
          <item><title>曼谷部分地区举行集会，请注意安全</title><link>https://th.example.org/n2</link><pubDate>Tue, 24 Nov 2026 09:00:00 +0800</pubDate>
            <description>集会期间交通管制。</description></item>
        </channel></rss>
        """;

    private static Dictionary<string, string?> UsFeed(LoopbackHttpServer feed) => new()
    {
        // Enabled with a schedule that never fires by itself: the test fires the job explicitly.
        ["RiskWatch:Sources:us-state-dept:Enabled"] = "true",
        ["RiskWatch:Sources:us-state-dept:Cron"] = "0 0 0 1 1 ? 2099",
        ["RiskWatch:Sources:us-state-dept:Url"] = feed.Url("/us.xml").ToString(),
        ["RiskWatch:Sources:us-state-dept:AllowPrivateNetwork"] = "true",
    };

    private static async Task<JsonElement> SourceAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/sources")).EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);

    private static object Embassy(LoopbackHttpServer feed, string id = "embassy-th") => new
    {
        id, name = "驻泰国使馆领事提醒", kind = "rss", url = feed.Url("/embassy.xml").ToString(), intervalMinutes = 60,
        countries = new[] { "泰国" }, language = "zh", levelMap = new Dictionary<string, int> { ["暂勿前往"] = 5, ["注意安全"] = 2 },
        allowPrivateNetwork = true,
    };

    [Fact]
    public async Task SourceChanges_AreForAdminsOnly_AndDescribedInOpenApi()
    {
        await using var app = new RiskWatchApp();
        var body = JsonContent.Create(new { enabled = false });
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PatchAsync("/api/sources/gdacs", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/sources", new { id = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/api/sources/gdacs")).StatusCode);
        foreach (var role in new[] { Roles.Analyst, Roles.BriefingOfficer })
        {
            var client = await Staff.ClientWithRoleAsync(app, role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchAsync("/api/sources/gdacs", JsonContent.Create(new { enabled = false }))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/sources", new { id = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/sources/gdacs")).StatusCode);
        }
        var admin = await Staff.ClientWithRoleAsync(app, Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsync("/api/sources/no-such", JsonContent.Create(new { enabled = true }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PatchAsync("/api/sources/gdacs", JsonContent.Create(new { }))).StatusCode);
        Assert.False((await SourceAsync(anonymous, "gdacs")).GetProperty("enabled").GetBoolean());

        var paths = (await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        Assert.True(paths.GetProperty("/api/sources").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/sources/{id}").TryGetProperty("patch", out _));
        Assert.True(paths.GetProperty("/api/sources/{id}").TryGetProperty("delete", out _));
    }

    [Fact]
    public async Task DisabledSource_ScheduledFiringSkips_StateSaysDisabled_EnablingResumes()
    {
        await using var feed = new LoopbackHttpServer();
        feed.Serve("/us.xml", DemoFeed("a"));
        await using var app = new RiskWatchApp(UsFeed(feed));
        var admin = await Staff.ClientWithRoleAsync(app, Roles.Admin);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var job = new JobKey("us-state-dept", "collectors");

        var patched = await admin.PatchAsync("/api/sources/us-state-dept", JsonContent.Create(new { enabled = false }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((false, true, "admin"), (after.GetProperty("enabled").GetBoolean(), after.GetProperty("configuredEnabled").GetBoolean(), after.GetProperty("enabledBy").GetString()));

        await scheduler.TriggerJob(job, new JobDataMap(), default);
        var skipped = await EndToEndTests.Eventually(() => SourceAsync(admin, "us-state-dept"), s => s.GetProperty("skips").GetInt64() == 1);
        Assert.StartsWith("disabled", skipped.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("lastRun").ValueKind);
        Assert.Equal(0, feed.Requests);

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync("/api/sources/us-state-dept", JsonContent.Create(new { enabled = true }))).StatusCode);
        await scheduler.TriggerJob(job, new JobDataMap(), default);
        var ran = await EndToEndTests.Eventually(() => SourceAsync(admin, "us-state-dept"), s => s.GetProperty("lastSuccess").ValueKind != JsonValueKind.Null);
        Assert.Equal(10, ran.GetProperty("itemsSeen").GetInt32());
        Assert.Equal(1, ran.GetProperty("skips").GetInt64());
    }

    [Fact]
    public async Task AddedRssSource_RunNow_IsSearchable_AndItAndTheDisabledFlagSurviveARestart()
    {
        await using var feed = new LoopbackHttpServer();
        feed.Serve("/us.xml", DemoFeed("a"));
        feed.Serve("/embassy.xml", EmbassyFeed, "application/rss+xml; charset=utf-8");
        var data = Path.Combine(Path.GetTempPath(), "riskwatch-tests", Guid.NewGuid().ToString("n"));
        try
        {
            await using (var app = new RiskWatchApp(UsFeed(feed), data))
            {
                var admin = await Staff.ClientWithRoleAsync(app, Roles.Admin);
                var created = await admin.PostAsJsonAsync("/api/sources", Embassy(feed));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                Assert.Equal("/api/sources/embassy-th", created.Headers.Location?.ToString());
                var source = await created.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(("admin", "rss", true, true), (source.GetProperty("origin").GetString(), source.GetProperty("kind").GetString(),
                    source.GetProperty("enabled").GetBoolean(), source.GetProperty("removable").GetBoolean()));
                // Scheduled at once, without a restart.
                var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                Assert.True(await scheduler.Exists(new JobKey("embassy-th", "collectors")));

                var run = await (await admin.PostAsync("/api/sources/embassy-th/run", null)).Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(run.GetProperty("success").GetBoolean(), run.ToString());
                Assert.Equal(2, run.GetProperty("added").GetInt32());
                var items = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/items?source=embassy-th&sort=severity");
                var first = items.GetProperty("items").EnumerateArray().First();
                Assert.Equal("提醒在泰中国公民暂勿前往南部边境三府", first.GetProperty("title").GetString());
                Assert.Equal(["TH"], first.GetProperty("countries").EnumerateArray().Select(c => c.GetString()!).ToArray());
                Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync("/api/sources/us-state-dept", JsonContent.Create(new { enabled = false }))).StatusCode);
            }

            await using (var again = new RiskWatchApp(UsFeed(feed), data))
            {
                var admin = await Staff.ClientWithRoleAsync(again, Roles.Admin);
                var embassy = await SourceAsync(admin, "embassy-th");
                Assert.Equal(("驻泰国使馆领事提醒", true, 2), (embassy.GetProperty("name").GetString(), embassy.GetProperty("enabled").GetBoolean(), embassy.GetProperty("itemsSeen").GetInt32()));
                var us = await SourceAsync(admin, "us-state-dept");
                Assert.Equal((false, "admin"), (us.GetProperty("enabled").GetBoolean(), us.GetProperty("enabledBy").GetString()));
                var scheduler = await again.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                Assert.True(await scheduler.Exists(new JobKey("embassy-th", "collectors")));

                var builtIn = await admin.DeleteAsync("/api/sources/us-state-dept");
                Assert.Equal(HttpStatusCode.Conflict, builtIn.StatusCode);
                Assert.Contains("disabled", await builtIn.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/sources/embassy-th")).StatusCode);
                Assert.False(await scheduler.Exists(new JobKey("embassy-th", "collectors")));
                Assert.DoesNotContain((await admin.GetFromJsonAsync<JsonElement>("/api/sources")).EnumerateArray(), s => s.GetProperty("id").GetString() == "embassy-th");
                Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/sources/embassy-th")).StatusCode);
            }
        }
        finally
        {
            RiskWatchApp.DeleteData(data);
        }
    }

    [Theory]
    [InlineData("url", "ftp://example.org/feed.xml")]
    [InlineData("url", "javascript:alert(1)")]
    [InlineData("id", "Not A Slug")]
    [InlineData("id", "us-state-dept")]
    [InlineData("cron", "every monday")]
    public async Task AddSource_BadInput_Is400ProblemDetailsNamingTheField_AndNothingIsStored(string field, string value)
    {
        await using var feed = new LoopbackHttpServer();
        await using var app = new RiskWatchApp();
        var admin = await Staff.ClientWithRoleAsync(app, Roles.Admin);
        var before = (await admin.GetFromJsonAsync<JsonElement>("/api/sources")).GetArrayLength();
        var body = new Dictionary<string, object?>
        {
            ["id"] = "embassy-th", ["kind"] = "rss", ["url"] = feed.Url("/embassy.xml").ToString(), ["countries"] = new[] { "TH" },
        };
        body[field] = value;
        var r = await admin.PostAsJsonAsync("/api/sources", body);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonElement>("/api/sources")).GetArrayLength());
    }

    [Fact]
    public async Task SourcesPage_SaysTheStoredChoiceOverridesTheConfiguration_InChineseThenEnglish()
    {
        await using var app = new RiskWatchApp();
        var client = app.CreateClient();
        var zh = await client.GetStringAsync("/sources");
        Assert.Contains("优先于配置", zh);
        Assert.DoesNotContain("id=\"add-source\"", zh); // the add form is for admins
        Assert.Contains("overrides it", await client.GetStringAsync("/sources?ui=en"));
    }
}
