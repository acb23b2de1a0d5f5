using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

public sealed class RolesAndApiTests : IAsyncLifetime
{
    private readonly RiskWatchApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object Draft => new { title = "泰国南部安全风险提示", countries = new[] { "TH" }, body = "近期泰国南部边境三府发生多起爆炸事件。<script>alert(1)</script>" };

    [Fact]
    public async Task Anonymous_CannotCreateOrPublishAdvisories()
    {
        var client = _app.CreateClient();
        var post = await client.PostAsJsonAsync("/api/advisories", Draft);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        var publish = await client.PostAsync("/api/advisories/1/publish", null);
        Assert.Equal(HttpStatusCode.Unauthorized, publish.StatusCode);
    }

    [Fact]
    public async Task BriefingOfficer_CannotPublish_AnalystCan()
    {
        var officer = await Staff.ClientWithRoleAsync(_app, Roles.BriefingOfficer);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/advisories", Draft)).StatusCode);

        var analyst = await Staff.ClientWithRoleAsync(_app, Roles.Analyst);
        var created = await analyst.PostAsJsonAsync("/api/advisories", Draft);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetInt64();
        Assert.DoesNotContain("<script", draft.GetProperty("bodyHtml").GetString());

        // Drafts are not public.
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"/api/advisories/{id}")).StatusCode);

        var published = await analyst.PostAsync($"/api/advisories/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var list = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/advisories");
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task UnknownApiKey_IsUnauthorized()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, "rw_not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/advisories", Draft)).StatusCode);
    }

    [Fact]
    public async Task BrokenQuery_Is400WithReason_NotA500()
    {
        var r = await _app.CreateClient().GetAsync("/api/items?q=title:(%22unclosed");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("/api/items?minLevel=9")]
    [InlineData("/api/items?country=Atlantis")]
    [InlineData("/api/items?sort=sideways")]
    [InlineData("/api/items?from=yesterday-ish")]
    public async Task BadSearchParameters_Are400(string url) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await _app.CreateClient().GetAsync(url)).StatusCode);

    [Fact]
    public async Task Subscribe_InvalidRequest_IsValidationProblem()
    {
        var r = await _app.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email = "not-an-address", minLevel = 9 });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheApi()
    {
        var doc = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/items", paths);
        Assert.Contains("/api/subscriptions", paths);
        Assert.Contains("/api/advisories", paths);
        Assert.True(paths.Count >= 10, $"only {paths.Count} paths");
    }

    [Fact]
    public async Task Pages_AreChineseByDefault_EnglishOnRequest()
    {
        var client = _app.CreateClient();
        var home = await client.GetStringAsync("/");
        Assert.Contains("lang=\"zh-CN\"", home);
        Assert.Contains("总览", home);
        var en = await client.GetStringAsync("/search?ui=en");
        Assert.Contains("lang=\"en\"", en);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        var r = await _app.CreateClient().GetAsync("/");
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("script-src 'self'", r.Headers.GetValues("Content-Security-Policy").Single());
    }
}
