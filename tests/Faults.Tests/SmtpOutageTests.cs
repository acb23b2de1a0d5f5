using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskWatch.Faults.Tests.Support;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Faults.Tests;

/// <summary>SMTP down for a while and then back: messages wait in the outbox with retries and each is delivered once.</summary>
public sealed class SmtpOutageTests
{
    [Fact]
    public async Task SmtpDownThenBackOnSamePort_ConfirmationsAndAlertsWaitInOutbox_AndEachArrivesExactlyOnce()
    {
        using var data = new TempFolder();
        await using var feed = new LoopbackHttpServer();
        feed.Serve("/rss.xml", UsFeed.Build(1, "Alertland", level: 1)); // item 0 is Kenya (FIPS KE)
        int smtpPort = LoopbackHttpServer.FreePort(); // stopped: nothing listens yet
        var settings = UsFeed.Source(feed.Url("/rss.xml"));
        settings["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1";
        settings["RiskWatch:Alerts:Smtp:Port"] = smtpPort.ToString();
        settings["RiskWatch:Alerts:Smtp:Timeout"] = "00:00:05";
        settings["RiskWatch:Alerts:BaseUrl"] = "http://riskwatch.test";
        settings["RiskWatch:Alerts:Outbox:RetryBaseDelay"] = "00:00:01";
        settings["RiskWatch:Alerts:Outbox:MaxRetryDelay"] = "00:00:02";
        settings["RiskWatch:Alerts:Outbox:MaxAttempts"] = "1000";
        await using var app = await AppProcess.StartAsync(data.Path, settings);
        await Wait.UntilAsync(() => app.TotalAsync("q=Alertland"), n => n == 1, 60, () => app.Output);

        string[] people = ["a@example.test", "b@example.test", "c@example.test"];
        foreach (var email in people)
        {
            var post = await app.Client.PostAsJsonAsync("/api/subscriptions", new
            {
                email, organisation = "Example Co", countries = new[] { "KE" }, minLevel = 3, language = "en", frequency = "immediate",
            });
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }
        await Task.Delay(TimeSpan.FromSeconds(4)); // several failed attempts while SMTP is down

        // SMTP back: each confirmation arrives once; the subscribers confirm.
        await using (var smtp = new SmtpSink(smtpPort))
        {
            await Wait.UntilAsync(() => Task.FromResult(smtp.PerRecipient()), d => people.All(d.ContainsKey), 45, () => app.Output);
            await Task.Delay(TimeSpan.FromSeconds(3)); // room for a duplicate to show up
            Assert.All(people, p => Assert.Equal(1, smtp.PerRecipient()[p]));
            foreach (var m in smtp.Messages)
            {
                var link = Links(m).First(l => l.Contains("confirm", StringComparison.OrdinalIgnoreCase));
                var confirmed = await app.Client.GetAsync(new Uri(link).PathAndQuery);
                Assert.True(confirmed.IsSuccessStatusCode, $"confirm answered {(int)confirmed.StatusCode}");
            }
        }

        // SMTP down again; Kenya goes to Level 4, so every subscriber has an alert waiting in the outbox.
        feed.Serve("/rss.xml", UsFeed.Build(1, "Alertland", level: 4));
        await Wait.UntilAsync(async () =>
        {
            var doc = await app.Client.GetFromJsonAsync<JsonElement>("/api/items?q=Alertland");
            return doc.GetProperty("items")[0].GetProperty("level").GetInt32();
        }, level => level >= 4, 60, () => app.Output);
        await Task.Delay(TimeSpan.FromSeconds(4));

        await using (var smtp = new SmtpSink(smtpPort))
        {
            await Wait.UntilAsync(() => Task.FromResult(smtp.PerRecipient()), d => people.All(d.ContainsKey), 45, () => app.Output);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var counts = smtp.PerRecipient();
            Assert.All(people, p => Assert.Equal(1, counts[p]));
            Assert.All(smtp.Messages, m => Assert.Contains("Kenya", m.Subject + m.TextBody));
        }
    }

    private static IEnumerable<string> Links(MimeKit.MimeMessage m) =>
        System.Text.RegularExpressions.Regex.Matches((m.TextBody ?? "") + " " + (m.HtmlBody ?? ""), "https?://[^\\s\"<>]+").Select(x => WebUtility.HtmlDecode(x.Value));
}
