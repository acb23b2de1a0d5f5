using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using RiskWatch.Core;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

public sealed class ReportsApiTests : IAsyncLifetime
{
    private readonly RiskWatchApp _app = new();

    public async Task InitializeAsync() =>
        await _app.Services.GetRequiredService<IngestPipeline>().IngestAsync([new CollectedItem
        {
            Source = "cn-mfa-destinations", SourceItemId = "th", Title = "泰国旅行风险等级和安全提醒", Text = "泰国南部边境三府发生多起爆炸事件。",
            Countries = ["TH"], RawLevel = "黄色（中风险）", Level = 2, Published = DateTimeOffset.UtcNow.AddDays(-2),
        }], default);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Anonymous_CannotExport()
    {
        var r = await _app.CreateClient().GetAsync("/api/reports/briefing?countries=TH&format=docx");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task BriefingOfficer_ExportsChineseDocx_ThatReadsBack()
    {
        var client = await Staff.ClientWithRoleAsync(_app, Roles.BriefingOfficer);
        var r = await client.GetAsync("/api/reports/briefing?countries=TH&format=docx&lang=zh-CN");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await r.Content.ReadAsByteArrayAsync()), false);
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("泰国", text);
        Assert.Contains("黄色（中风险）", text);
    }

    [Theory]
    [InlineData("countries=&format=docx")]
    [InlineData("countries=Atlantis")]
    [InlineData("countries=TH&format=odt")]
    [InlineData("countries=TH&from=2026-12-01&to=2026-11-01")]
    public async Task BadRequests_Are400(string query)
    {
        var client = await Staff.ClientWithRoleAsync(_app, Roles.BriefingOfficer);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/reports/briefing?" + query)).StatusCode);
    }
}
