using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Matching;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Tests;

public sealed class SubscriptionIndexTests
{
    private static MatchEntry Sub(long id, string[]? countries = null, int minLevel = 1, string[]? categories = null, string[]? keywords = null) =>
        MatchEntry.From(new Subscription
        {
            Id = id, Email = $"s{id}@example.test", Countries = [.. countries ?? []], MinLevel = minLevel,
            Categories = [.. categories ?? []], Keywords = [.. keywords ?? []], Confirmed = true,
        });

    private static long[] Ids(List<MatchEntry> m) => m.Select(e => e.Id).Order().ToArray();

    [Fact]
    public void Match_ByCountryLevelCategoryAndKeywords()
    {
        var index = new SubscriptionIndex();
        index.Load([
            Sub(1),                                            // everything
            Sub(2, ["AF"]),                                    // Afghanistan, any level
            Sub(3, ["AF", "IQ"], minLevel: 4),                 // high and above
            Sub(4, ["IQ"]),
            Sub(5, categories: ["health"]),                    // all countries, health only
            Sub(6, ["AF"], keywords: ["Kabul", "喀布尔"]),
        ]);
        Assert.Equal([1, 2], Ids(index.Match(["AF"], 3, RiskCategory.Crime, "Robbery in Herat", "")));
        Assert.Equal([1, 2, 3, 6], Ids(index.Match(["AF"], 4, RiskCategory.Crime, "Attack near KABUL airport", "")));
        Assert.Equal([1, 2, 3, 4, 6], Ids(index.Match(["AF", "IQ"], 5, RiskCategory.Crime, "x", "喀布尔发生爆炸")));
        Assert.Equal([1, 5], Ids(index.Match(["DE"], 2, RiskCategory.Health, "Measles", "")));
        Assert.Equal([1], Ids(index.Match([], 1, RiskCategory.Other, "No country", "")));
        // Level changes: every category filter matches, keywords do not apply.
        Assert.Equal([1, 2, 3, 5, 6], Ids(index.Match(["AF"], 4, null, null, null)));
    }

    [Fact]
    public void Upsert_And_Remove_ChangeTheResultAtOnce()
    {
        var index = new SubscriptionIndex();
        index.Load([Sub(1, ["AF"])]);
        index.Upsert(Sub(1, ["IQ"]));
        Assert.Empty(index.Match(["AF"], 5, RiskCategory.Crime, "t", ""));
        Assert.Single(index.Match(["IQ"], 5, RiskCategory.Crime, "t", ""));
        index.Remove(1);
        Assert.Empty(index.Match(["IQ"], 5, RiskCategory.Crime, "t", ""));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void MatchCountries_GivesFollowersOfThoseCountriesAndOfAll()
    {
        var index = new SubscriptionIndex();
        index.Load([Sub(1), Sub(2, ["AF"]), Sub(3, ["IQ"], minLevel: 5, categories: ["crime", "health"])]);
        Assert.Equal([1, 3], Ids(index.MatchCountries(["IQ"])));
        Assert.Equal([1, 2, 3], Ids(index.MatchCountries([])));
    }
}
