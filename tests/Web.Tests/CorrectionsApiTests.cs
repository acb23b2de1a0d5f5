using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RiskWatch.Core;
using RiskWatch.Scoring;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

/// <summary>
/// Single-item prediction (<c>POST /api/classify</c>) and analysts' label corrections (<c>PUT /api/items/{id}/label</c>, the
/// list, the export and the search page's form), on the real app with the seed model, a Lucene index and SQLite.
/// </summary>
public sealed class CorrectionsApiTests : IAsyncLifetime
{
    private readonly RiskWatchApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static readonly CollectedItem Official = new()
    {
        Source = "us-state-dept", SourceItemId = "ml", Title = "Mali - Level 4: Do Not Travel", Countries = ["ML"], RawLevel = "Level 4: Do Not Travel", Level = 5,
        Text = "Do not travel to Mali due to crime, terrorism and kidnapping.", Url = "https://travel.state.gov/ml",
        Published = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero),
    };

    private static readonly CollectedItem News = new()
    {
        Source = "cn-embassy-ne", SourceItemId = "n1", Title = "尼日尔首都尼亚美爆发大规模抗议", Countries = ["NE"], Language = "zh",
        Text = "数千人在尼亚美街头集会抗议，警方发射催泪瓦斯，部分道路封闭。提醒在尼中国公民避开集会区域。", Url = "https://ne.example.org/n1",
        Published = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero),
    };

    private async Task SeedAsync() => await _app.Services.GetRequiredService<IngestPipeline>().IngestAsync([Official, News], default);

    private static async Task<string> DetailAsync(HttpResponseMessage r) =>
        (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";

    [Fact]
    public async Task Classify_OneText_ReturnsCategorySeverityAndConfidences_ForAnalystsOnly()
    {
        var body = new { title = "马里北部发生恐怖袭击", text = "武装分子袭击了加奥附近的军营，造成多人死亡，当局宣布宵禁。", countries = new[] { "马里" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().PostAsJsonAsync("/api/classify", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Staff.ClientWithRoleAsync(_app, Roles.BriefingOfficer)).PostAsJsonAsync("/api/classify", body)).StatusCode);

        var analyst = await Staff.ClientWithRoleAsync(_app, Roles.Analyst);
        var r = await analyst.PostAsJsonAsync("/api/classify", body);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        var category = RiskCategories.Parse(p.GetProperty("category").GetString());
        Assert.NotNull(category);
        Assert.Equal(category.Value.DisplayName("zh-CN"), p.GetProperty("categoryName").GetString());
        Assert.InRange(p.GetProperty("severity").GetInt32(), 1, 5);
        Assert.InRange(p.GetProperty("categoryConfidence").GetDouble(), 0, 1);
        Assert.InRange(p.GetProperty("severityConfidence").GetDouble(), 0, 1);
        Assert.Equal(_app.Services.GetRequiredService<IItemClassifier>().ModelVersion, p.GetProperty("modelVersion").GetString());

        // The interface language chooses the category's name; the key stays the same.
        var en = await (await analyst.PostAsJsonAsync("/api/classify?ui=en", body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(category.Value.DisplayName("en"), en.GetProperty("categoryName").GetString());
        Assert.Equal(p.GetProperty("category").GetString(), en.GetProperty("category").GetString());

        var doc = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.False(string.IsNullOrEmpty(doc.GetProperty("paths").GetProperty("/api/classify").GetProperty("post").GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Classify_BadInput_Is400ProblemSayingWhy()
    {
        var analyst = await Staff.ClientWithRoleAsync(_app, Roles.Analyst);
        var cases = new (string Body, string Reason)[]
        {
            ("", "no body"),
            ("{\"title\": \"  \", \"text\": \"\"}", "give a title, a text or both"),
            ("{\"title\": \"Coup\", \"countries\": [\"Atlantis\"]}", "unknown country 'Atlantis'"),
            ("{\"title\": \"Coup\", \"language\": \"fr\"}", "language 'fr'"),
            ("{\"title\": \"Coup\", \"text\": ", "not the JSON expected"),
            (JsonSerializer.Serialize(new { title = "Long", text = new string('a', ClassifyApiMax + 1) }), "larger than 1 MB"),
        };
        foreach (var (body, reason) in cases)
        {
            var r = await analyst.PostAsync("/api/classify", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{body[..Math.Min(body.Length, 60)]}: {(int)r.StatusCode}");
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Contains(reason, await DetailAsync(r));
        }
        // 1 MB exactly is still judged.
        var max = await analyst.PostAsJsonAsync("/api/classify", new { text = "Armed clashes. " + new string('a', ClassifyApiMax - 15) });
        Assert.Equal(HttpStatusCode.OK, max.StatusCode);
    }

    private const int ClassifyApiMax = Api.ClassifyApi.MaxTextBytes;

    [Fact]
    public async Task Correction_IsSaved_ShownOnTheItem_Listed_Exported_AndReplacedByALaterOne()
    {
        await SeedAsync();
        var analyst = await Staff.ClientWithRoleAsync(_app, Roles.Analyst);
        var news = News.Id;

        var r = await analyst.PutAsJsonAsync($"/api/items/{news}/label", new { category = "unrest", severity = 3, note = "抗议，非恐袭" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var saved = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unrest", saved.GetProperty("correction").GetProperty("category").GetString());
        Assert.Equal("apikey:Analyst", saved.GetProperty("correction").GetProperty("analyst").GetString());

        var item = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/items/{news}");
        Assert.Equal("unrest", item.GetProperty("category").GetString());
        Assert.Equal(3, item.GetProperty("severity").GetInt32());
        Assert.Equal(3, item.GetProperty("level").GetInt32());
        var found = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/items?category=unrest&minLevel=3");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == news);

        // An official advisory: the category follows the analyst; the official level stays the effective level.
        Assert.Equal(HttpStatusCode.OK, (await analyst.PutAsJsonAsync($"/api/items/{Official.Id}/label", new { category = "terrorism" })).StatusCode);
        var official = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/items/{Official.Id}");
        Assert.Equal("terrorism", official.GetProperty("category").GetString());
        Assert.Equal(5, official.GetProperty("level").GetInt32());
        Assert.Equal(5, official.GetProperty("officialLevel").GetInt32());
        Assert.Equal("Level 4: Do Not Travel", official.GetProperty("rawLevel").GetString());

        // A later correction of the same item replaces the earlier one.
        Assert.Equal(HttpStatusCode.OK, (await analyst.PutAsJsonAsync($"/api/items/{news}/label", new { severity = 4 })).StatusCode);
        var list = await analyst.GetFromJsonAsync<JsonElement>("/api/corrections");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var rows = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([news, Official.Id], rows.Select(x => x.GetProperty("itemId").GetString()!).ToArray()); // newest first
        Assert.Equal(4, rows[0].GetProperty("severity").GetInt32());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("category").ValueKind);
        Assert.False(string.IsNullOrEmpty(rows[0].GetProperty("predictedCategory").GetString()));
        Assert.Equal(["NE"], rows[0].GetProperty("countries").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(4, (await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/items/{news}")).GetProperty("level").GetInt32());
        var page = await analyst.GetFromJsonAsync<JsonElement>("/api/corrections?skip=1&take=1");
        Assert.Equal(Official.Id, page.GetProperty("items")[0].GetProperty("itemId").GetString());

        // The export is what train --corrections reads.
        var export = await analyst.GetAsync("/api/corrections/export.jsonl");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var text = await export.Content.ReadAsStringAsync();
        Assert.Contains("尼日尔首都尼亚美爆发大规模抗议", text); // Chinese as text, not \u escapes
        var read = Corrections.Read(new StringReader(text), "export.jsonl");
        Assert.Empty(read.Errors);
        Assert.Equal(2, read.Records.Count);
        var labeled = read.Records.Single(c => c.ItemId == news).ToLabeledText();
        Assert.Equal((4, (RiskCategory?)null, "NE", "zh", "cn-embassy-ne"), (labeled.Severity!.Value, labeled.Category, labeled.GroupKey, labeled.Language, labeled.Source));
        Assert.Equal(News.Text, labeled.Text);
    }

    [Fact]
    public async Task Correction_UnknownItem404_BadValues400_AnalystsOnly()
    {
        await SeedAsync();
        var body = new { category = "crime" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().PutAsJsonAsync($"/api/items/{News.Id}/label", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/corrections")).StatusCode);
        var officer = await Staff.ClientWithRoleAsync(_app, Roles.BriefingOfficer);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PutAsJsonAsync($"/api/items/{News.Id}/label", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/corrections/export.jsonl")).StatusCode);

        var analyst = await Staff.ClientWithRoleAsync(_app, Roles.Analyst);
        var missing = await analyst.PutAsJsonAsync("/api/items/no-such-item/label", body);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no-such-item", await DetailAsync(missing));
        foreach (var (bad, reason) in new (object Body, string Reason)[]
        {
            (new { category = "riots" }, "unknown category 'riots'"),
            (new { severity = 7 }, "outside 1–5"),
            (new { note = "only a note" }, "give the right category"),
        })
        {
            var r = await analyst.PutAsJsonAsync($"/api/items/{News.Id}/label", bad);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains(reason, await DetailAsync(r));
        }
        var noBody = await analyst.PutAsync($"/api/items/{News.Id}/label", new StringContent("", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(0, (await analyst.GetFromJsonAsync<JsonElement>("/api/corrections")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/corrections?take=many")).StatusCode);

        var paths = (await _app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        Assert.False(string.IsNullOrEmpty(paths.GetProperty("/api/items/{id}/label").GetProperty("put").GetProperty("summary").GetString()));
        Assert.True(paths.GetProperty("/api/corrections").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/corrections/export.jsonl").TryGetProperty("get", out _));
    }

    [Fact]
    public async Task Correction_OutlivesTheSourceReissuingTheItem()
    {
        await SeedAsync();
        var analyst = await Staff.ClientWithRoleAsync(_app, Roles.Analyst);
        Assert.Equal(HttpStatusCode.OK, (await analyst.PutAsJsonAsync($"/api/items/{News.Id}/label", new { category = "unrest", severity = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.PutAsJsonAsync($"/api/items/{Official.Id}/label", new { category = "terrorism" })).StatusCode);

        // Both sources publish their items again with new text: classified again, the analysts' labels stay.
        var report = await _app.Services.GetRequiredService<IngestPipeline>().IngestAsync(
            [News with { Text = News.Text + "目前集会仍在持续，当局宣布夜间宵禁。" }, Official with { Text = Official.Text + " Updated with minor edits." }], default);
        Assert.Equal(2, report.Updated);
        var news = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/items/{News.Id}");
        Assert.Contains("宵禁", news.GetProperty("text").GetString());
        Assert.Equal(("unrest", 3, 3, 1.0, "apikey:Analyst"), (news.GetProperty("category").GetString(), news.GetProperty("severity").GetInt32(),
            news.GetProperty("level").GetInt32(), news.GetProperty("confidence").GetDouble(), news.GetProperty("correctedBy").GetString()));
        var official = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/items/{Official.Id}");
        Assert.Equal(("terrorism", 5), (official.GetProperty("category").GetString(), official.GetProperty("level").GetInt32()));
        // Only the category was corrected there: the severity is the model's, judged again.
        Assert.NotEqual(1.0, official.GetProperty("confidence").GetDouble());
    }

    [Fact]
    public async Task Login_ReturnUrlWithChinese_RedirectsThereEncoded()
    {
        var (ok, message) = await AccountVerbs.EnsureUserAsync(_app.Services, "analyst@example.test", "correct-horse-battery", Roles.Analyst);
        Assert.True(ok, message);
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        const string login = "/login?ReturnUrl=%2Fsearch%3Fq%3D%E5%9C%B0%E9%9C%87";
        var html = await client.GetStringAsync(login);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<v>[^\"]+)\"").Groups["v"].Value;
        var r = await client.PostAsync(login, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Email"] = "analyst@example.test", ["Password"] = "correct-horse-battery",
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/search?q=%E5%9C%B0%E9%9C%87", r.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SearchPage_AnalystCorrectsAHit_WithTheFormsAntiforgeryToken()
    {
        await SeedAsync();
        var (ok, message) = await AccountVerbs.EnsureUserAsync(_app.Services, "analyst@example.test", "correct-horse-battery", Roles.Analyst);
        Assert.True(ok, message);

        // Anyone may search; only analysts see the form.
        Assert.DoesNotContain("label-form", await _app.CreateClient().GetStringAsync("/search?q=尼亚美"));

        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/account/login", new { email = "analyst@example.test", password = "correct-horse-battery" })).StatusCode);
        var html = await client.GetStringAsync("/search?q=尼亚美");
        Assert.Contains("修正类别/等级", html);
        var form = Regex.Match(html, $"<form[^>]*action=\"(?<action>[^\"]*id={Regex.Escape(News.Id)}[^\"]*)\"[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline);
        Assert.True(form.Success, "no correction form for the hit");
        var token = Regex.Match(form.Groups["body"].Value, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<v>[^\"]+)\"").Groups["v"].Value;
        var back = WebUtility.HtmlDecode(Regex.Match(form.Groups["body"].Value, "name=\"back\" value=\"(?<v>[^\"]*)\"").Groups["v"].Value);
        var action = WebUtility.HtmlDecode(form.Groups["action"].Value);

        // Without the token the post is refused.
        var forged = await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string> { ["category"] = "crime" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var posted = await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["category"] = "unrest", ["severity"] = "3", ["note"] = "集会", ["back"] = back,
        }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var after = await posted.Content.ReadAsStringAsync();
        Assert.Contains("修正已保存", after);
        Assert.Contains("已由研判人员修正", after);
        Assert.Matches("class=\"muted corrected\">[^<]*analyst@example\\.test", after); // the mark names the analyst (the layout names the signed-in user anyway)

        var stored = await _app.Services.GetRequiredService<LabelCorrectionService>().GetAsync(News.Id, default);
        Assert.Equal(("unrest", 3, "集会", "analyst@example.test"), (stored!.Category, stored.Severity!.Value, stored.Note, stored.Analyst));
        var item = await _app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/items/{News.Id}");
        Assert.Equal("unrest", item.GetProperty("category").GetString());

        // Nothing chosen: told so on the page, nothing changes.
        html = await client.GetStringAsync(back);
        token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<v>[^\"]+)\"").Groups["v"].Value;
        var empty = await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["category"] = "", ["severity"] = "", ["back"] = back,
        }));
        Assert.Contains("请选择正确的类别或严重程度", await empty.Content.ReadAsStringAsync());
        Assert.Equal(3, (await _app.Services.GetRequiredService<LabelCorrectionService>().GetAsync(News.Id, default))!.Severity);
    }
}
