using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RiskWatch.Alerts.Data;
using RiskWatch.Core;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Reports;
using RiskWatch.Web.Tests.Reports;
using RiskWatch.Web.Tests.Support;
using Xunit.Abstractions;

namespace RiskWatch.Web.Tests;

/// <summary>The weekly briefing e-mail through the Alerts outbox to a real loopback SMTP server.</summary>
public sealed class WeeklyBriefingTests(ITestOutputHelper output)
{
    private static async Task SeedAsync(RiskWatchApp app)
    {
        var published = DateTimeOffset.UtcNow.AddDays(-3);
        await app.Services.GetRequiredService<IngestPipeline>().IngestAsync(
        [
            new CollectedItem
            {
                Source = "us-state-dept", SourceItemId = "th", Title = "Thailand - Level 4: Do Not Travel to the southern provinces",
                Text = "Bombings in Narathiwat, Pattani and Yala.", Countries = ["TH"], RawLevel = "Level 4: Do Not Travel", Level = 5, Published = published,
                Url = "https://travel.state.gov/th",
            },
            new CollectedItem
            {
                Source = "us-state-dept", SourceItemId = "ke", Title = "Kenya - Level 2: Exercise Increased Caution", Text = "Protests in Nairobi.",
                Countries = ["KE"], RawLevel = "Level 2: Exercise Increased Caution", Level = 2, Published = published, Url = "https://travel.state.gov/ke",
            },
        ], default);
    }

    private static Dictionary<string, string?> Settings(SmtpSink smtp, string format) => new()
    {
        ["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1",
        ["RiskWatch:Alerts:Smtp:Port"] = smtp.Port.ToString(),
        ["RiskWatch:Reports:WeeklyBriefing:Enabled"] = "true",
        ["RiskWatch:Reports:WeeklyBriefing:Format"] = format,
        ["RiskWatch:Reports:WeeklyBriefing:Recipients:0"] = "configured@example.test",
    };

    private static byte[] Attachment(MimeMessage m)
    {
        var part = Assert.IsType<MimePart>(Assert.Single(m.Attachments));
        using var ms = new MemoryStream();
        part.Content!.DecodeTo(ms);
        return ms.ToArray();
    }

    private static async Task<List<OutboxMessage>> WeeklyOutboxAsync(RiskWatchApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AlertsDbContext>>().CreateDbContextAsync();
        return await db.Outbox.AsNoTracking().Where(m => m.Kind == WeeklyBriefingService.Kind).ToListAsync();
    }

    [Fact]
    public async Task SendNow_EachStoredRecipientGetsOneMailWithAChineseDocx_AndRepeatedFiringsSendNothingTwice()
    {
        await using var smtp = new SmtpSink();
        await using var app = new RiskWatchApp(Settings(smtp, "Docx"));
        await SeedAsync(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/reports/weekly")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync("/api/reports/weekly/send", null)).StatusCode);
        var officer = await Staff.ClientWithRoleAsync(app, Roles.BriefingOfficer);

        var view = await officer.GetFromJsonAsync<JsonElement>("/api/reports/weekly");
        Assert.Equal("configuration", view.GetProperty("recipientsFrom").GetString());
        Assert.Equal(("0 0 8 ? * MON", "Asia/Shanghai", "Docx"), (view.GetProperty("cron").GetString(), view.GetProperty("timeZone").GetString(), view.GetProperty("format").GetString()));
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("nextRun").ValueKind);

        var bad = await officer.PutAsJsonAsync("/api/reports/weekly", new { recipients = new[] { "leader@example.test", "not an address" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("not an address", await bad.Content.ReadAsStringAsync());
        var put = await officer.PutAsJsonAsync("/api/reports/weekly", new { recipients = new[] { "leader@example.test", "desk@example.test" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("stored", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipientsFrom").GetString());

        var sent = await (await officer.PostAsync("/api/reports/weekly/send", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, sent.GetProperty("queued").GetArrayLength());
        Assert.Contains("TH", sent.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        foreach (var to in new[] { "leader@example.test", "desk@example.test" })
        {
            var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == to), TimeSpan.FromSeconds(60));
            Assert.Contains("每周风险简报", mail.Subject);
            Assert.Contains("泰国", mail.HtmlBody);
            Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
            using var doc = WordprocessingDocument.Open(new MemoryStream(Attachment(mail)), false);
            Assert.Contains("泰国", doc.MainDocumentPart!.Document!.Body!.InnerText);
        }
        Assert.DoesNotContain(smtp.Messages, m => m.To.Mailboxes.Any(a => a.Address == "configured@example.test"));

        // "Send now" again the same day: the same period, nothing queued twice.
        var again = await (await officer.PostAsync("/api/reports/weekly/send", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 2), (again.GetProperty("queued").GetArrayLength(), again.GetProperty("alreadyQueued").GetArrayLength()));

        // The job firing twice for one scheduled time (a retry, a second node): one e-mail per recipient for that period.
        var firing = DateTimeOffset.UtcNow.AddDays(-1);
        using (var scope = app.Services.CreateScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<WeeklyBriefingService>();
            var first = await service.SendAsync(firing, default);
            var second = await service.SendAsync(firing, default);
            Assert.Equal((2, 0), (first.Queued.Count, first.AlreadyQueued.Count));
            Assert.Equal((0, 2), (second.Queued.Count, second.AlreadyQueued.Count));
        }

        // Once the outbox has delivered everything, each recipient has exactly one mail per period: two periods, two mails.
        var rows = await EndToEndTests.Eventually(() => WeeklyOutboxAsync(app), r => r.Count == 4 && r.All(m => m.SentAt is not null));
        Assert.Equal(4, rows.Select(r => r.Id).Distinct().Count());
        foreach (var to in new[] { "leader@example.test", "desk@example.test" })
        {
            var mails = smtp.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == to)).ToList();
            Assert.Equal(2, mails.Count);
            Assert.Equal(2, mails.Select(m => m.Subject).Distinct().Count());
        }
        var recent = (await officer.GetFromJsonAsync<JsonElement>("/api/reports/weekly")).GetProperty("recent");
        Assert.Equal(4, recent.GetArrayLength());
    }

    [Fact]
    public async Task ScheduledPdfBriefing_OpensAsPdf_WithTheChineseCountryName()
    {
        if (!ReportTestSupport.CjkFontInstalled(output)) return;
        await using var smtp = new SmtpSink();
        await using var app = new RiskWatchApp(Settings(smtp, "Pdf"));
        await SeedAsync(app);
        using (var scope = app.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<WeeklyBriefingService>().SendAsync(DateTimeOffset.UtcNow, default);
            Assert.Equal(["configured@example.test"], result.Queued);
        }
        var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "configured@example.test"), TimeSpan.FromSeconds(60));
        var pdf = Attachment(mail);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.EndsWith(".pdf", mail.Attachments.Single().ContentDisposition!.FileName);
        var path = ReportTestSupport.TempFile(".pdf");
        try
        {
            await File.WriteAllBytesAsync(path, pdf);
            if (ReportTestSupport.Run(output, "pdftotext", $"-enc UTF-8 \"{path}\" -") is { } text) Assert.Contains("泰国", text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("Cron", "every monday", "WeeklyBriefing:Cron")]
    [InlineData("Recipients:0", "nobody", "WeeklyBriefing:Recipients")]
    [InlineData("Format", "Xlsx", "WeeklyBriefing:Format")]
    [InlineData("TimeZone", "Mars/Olympus", "WeeklyBriefing:TimeZone")]
    [InlineData("Countries:0", "Atlantis", "WeeklyBriefing:Countries")]
    public async Task BadWeeklyBriefingSettings_StopTheStart_NamingTheKey(string key, string value, string expected)
    {
        await using var app = new RiskWatchApp(new() { [$"RiskWatch:Reports:WeeklyBriefing:{key}"] = value });
        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(expected, ex.ToString());
    }
}
