using System.Net;
using System.Net.Http.Json;
using RiskWatch.Faults.Tests.Support;
using RiskWatch.Web.Tests.Support;
using Xunit.Abstractions;

namespace RiskWatch.Faults.Tests;

/// <summary>kill -9 of the whole app while the outbox is being sent: after a restart every message arrives, duplicates under 0.1%.</summary>
public sealed class KillDuringSendingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillDuringSending_RestartOnSameFolder_EveryMessageArrives_DuplicatesUnderOneInAThousand()
    {
        // One SMTP connection: a crash can repeat at most the one message in flight, so 1050 messages keep a repeat under 0.1%.
        const int messages = 1050;
        using var data = new TempFolder();
        int smtpPort = LoopbackHttpServer.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["RiskWatch:Alerts:Smtp:Host"] = "127.0.0.1",
            ["RiskWatch:Alerts:Smtp:Port"] = smtpPort.ToString(),
            ["RiskWatch:Alerts:Smtp:PoolSize"] = "1",
            ["RiskWatch:Alerts:Smtp:Timeout"] = "00:00:05",
            ["RiskWatch:Alerts:BaseUrl"] = "http://riskwatch.test",
            ["RiskWatch:Alerts:SubscribeLimitPerClient"] = "100000",
            ["RiskWatch:Alerts:Outbox:RetryBaseDelay"] = "00:00:01",
            ["RiskWatch:Alerts:Outbox:MaxRetryDelay"] = "00:00:02",
            ["RiskWatch:Alerts:Outbox:MaxAttempts"] = "1000",
            ["RiskWatch:Alerts:Outbox:ClaimLease"] = "00:00:05",
        };
        var people = Enumerable.Range(0, messages).Select(i => $"p{i}@example.test").ToArray();

        await using var smtp = await StartQueuedAsync();
        async Task<SmtpSink> StartQueuedAsync()
        {
            // SMTP is down while the subscriptions come in, so every confirmation waits in the outbox.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var app = await AppProcess.StartAsync(data.Path, settings);
            output.WriteLine($"app up in {clock.Elapsed.TotalSeconds:F0} s");
            await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (email, ct) =>
            {
                var post = await app.Client.PostAsJsonAsync("/api/subscriptions", new
                {
                    email, organisation = "Example Co", countries = new[] { "KE" }, minLevel = 3, language = "en", frequency = "immediate",
                }, ct);
                Assert.True(post.StatusCode == HttpStatusCode.Accepted, $"{email}: {(int)post.StatusCode} {await post.Content.ReadAsStringAsync(ct)}");
            });
            output.WriteLine($"{messages} subscriptions queued at {clock.Elapsed.TotalSeconds:F0} s");
            // SMTP back; kill -9 once part of the outbox is sent.
            var server = new SmtpSink(smtpPort);
            await Wait.UntilAsync(() => Task.FromResult(server.Messages.Count), n => n >= messages / 4, 60, () => app.Output);
            app.Kill();
            output.WriteLine($"killed after {server.Messages.Count} of {messages} messages");
            Assert.True(server.Messages.Count < messages, "the kill came after every message was sent");
            return server;
        }

        await using (var app = await AppProcess.StartAsync(data.Path, settings))
        {
            await Wait.UntilAsync(() => Task.FromResult(smtp.PerRecipient()), d => people.All(d.ContainsKey), 60, () => app.Output);
            await Task.Delay(TimeSpan.FromSeconds(3)); // room for late repeats
        }
        var counts = smtp.PerRecipient();
        int duplicates = counts.Values.Sum(c => c - 1);
        output.WriteLine($"{messages} messages, {smtp.Messages.Count} received, {duplicates} duplicates ({100.0 * duplicates / messages:F3}%)");
        Assert.All(people, p => Assert.True(counts.ContainsKey(p), $"{p} never received its message"));
        Assert.True(duplicates * 1000 < messages, $"{duplicates} duplicates of {messages}");
    }
}
