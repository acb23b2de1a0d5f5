using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts.Tests.Support;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Tests;

public sealed class DigestServiceTests
{
    [Fact]
    public async Task DailyDigest_GroupsByCountry_MostSevereFirst_AndGathersOnlyWhatIsNew()
    {
        await using var h = await AlertsHarness.CreateAsync();
        var daily = Some.Request(frequency: "daily");
        var weekly = Some.Request(frequency: "weekly");
        await h.SubscribeConfirmedAsync(daily);
        await h.SubscribeConfirmedAsync(weekly);
        await h.IngestAsync(
            Some.Item("DE", 3, RiskCategory.Crime, "Germany three"),
            Some.Item("ML", 5, RiskCategory.ArmedConflict, "Mali five"),
            Some.Item("DE", 4, RiskCategory.TerrorismSecurity, "Germany four"),
            Some.Item("ML", 2, RiskCategory.Crime, "Mali two"));
        Assert.Empty(await h.OutboxAsync("alert")); // digest subscribers get no immediate email

        Assert.Equal(1, await h.Digests.RunAsync("daily", default));
        var digest = AlertsHarness.Parse(Assert.Single(await h.OutboxAsync("digest", daily.Email)));
        var text = digest.TextBody ?? "";
        int Pos(string s) { var i = text.IndexOf(s, StringComparison.Ordinal); Assert.True(i >= 0, s + " missing"); return i; }
        Assert.True(Pos("== Mali") < Pos("== Germany"));
        Assert.True(Pos("Mali five") < Pos("Mali two"));
        Assert.True(Pos("Germany four") < Pos("Germany three"));
        Assert.Contains("4 items", digest.Subject);

        // Nothing new: no second digest. Weekly subscribers wait for the weekly run.
        Assert.Equal(0, await h.Digests.RunAsync("daily", default));
        Assert.Empty(await h.OutboxAsync("digest", weekly.Email));
        Assert.Equal(1, await h.Digests.RunAsync("weekly", default));
        Assert.Single(await h.OutboxAsync("digest", weekly.Email));
        await using var db = h.Db();
        Assert.Equal(0, await db.DigestEntries.CountAsync(d => d.DigestedAt == null));
    }
}
