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

    private static long[] Ids(IEnumerable<MatchEntry> m) => m.Select(e => e.Id).Order().ToArray();

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

    [Fact]
    public void Match_Wildcards_AllCountriesAndAnyCategory()
    {
        var index = new SubscriptionIndex();
        index.Load([
            Sub(1),                                                  // all countries, any category
            Sub(2, categories: ["crime"]),                           // all countries, crime only
            Sub(3, ["AF"]),                                          // AF, any category
            Sub(4, ["AF"], categories: ["crime", "health"]),         // AF, two categories
        ]);
        Assert.Equal([1, 2, 3, 4], Ids(index.Match(["AF"], 3, RiskCategory.Crime, "t", "")));
        Assert.Equal([1, 3, 4], Ids(index.Match(["AF"], 3, RiskCategory.Health, "t", "")));
        Assert.Equal([1, 3], Ids(index.Match(["AF"], 3, RiskCategory.Political, "t", "")));
        Assert.Equal([1, 2], Ids(index.Match(["JP"], 3, RiskCategory.Crime, "t", "")));
        Assert.Equal([1, 2], Ids(index.Match([], 3, RiskCategory.Crime, "t", "")));       // an item about no country
        // Country-level events visit every category slot: a subscription with two categories is still one result.
        Assert.Equal([1, 2, 3, 4], Ids(index.Match(["AF"], 3, null, null, null)));
        // An item about two countries a subscription both follows: one result.
        index.Upsert(Sub(5, ["AF", "IQ"]));
        Assert.Equal([1, 2, 3, 4, 5], Ids(index.Match(["AF", "IQ"], 3, RiskCategory.Crime, "t", "")));
        Assert.Equal([1, 2, 3, 4, 5], Ids(index.Match(["AF", "AF"], 3, RiskCategory.Crime, "t", "")));
    }

    [Theory]
    [InlineData(1, new long[] { 1 })]
    [InlineData(2, new long[] { 1, 2 })]
    [InlineData(3, new long[] { 1, 2, 3 })]
    [InlineData(4, new long[] { 1, 2, 3 })]
    [InlineData(5, new long[] { 1, 2, 3, 5 })]
    [InlineData(0, new long[] { 1 })]             // below the scale: as level 1
    [InlineData(9, new long[] { 1, 2, 3, 5 })]    // above the scale: as level 5
    public void Match_MinimumLevel_IsInclusive(int itemLevel, long[] expected)
    {
        var index = new SubscriptionIndex();
        index.Load([Sub(1, minLevel: 1), Sub(2, minLevel: 2), Sub(3, minLevel: 3), Sub(5, minLevel: 5)]);
        Assert.Equal(expected, Ids(index.Match(["FR"], itemLevel, RiskCategory.Other, "t", "")));
    }

    [Fact]
    public void Match_Keywords_ChineseAndEnglishSubstrings_CaseInsensitive_TitleOrText()
    {
        var index = new SubscriptionIndex();
        index.Load([
            Sub(1, keywords: ["袭击"]),
            Sub(2, keywords: ["attack"]),
            Sub(3, keywords: ["港口", "port strike"]),
            Sub(4, keywords: ["Kabul"]),
            Sub(5),                                           // no keyword filter
        ]);
        Assert.Equal([1, 5], Ids(index.Match(["AF"], 3, RiskCategory.TerrorismSecurity, "喀布尔发生恐怖袭击事件", "")));
        Assert.Equal([2, 5], Ids(index.Match(["AF"], 3, RiskCategory.TerrorismSecurity, "Update", "Several ATTACKS were reported.")));
        Assert.Equal([3, 5], Ids(index.Match(["CN"], 3, RiskCategory.Other, "吉大港港口工人罢工", "")));
        Assert.Equal([3, 5], Ids(index.Match(["BD"], 3, RiskCategory.Other, "Chittagong", "A PORT STRIKE halts shipping")));
        Assert.Equal([2, 4, 5], Ids(index.Match(["AF"], 3, RiskCategory.Other, "kabul: attack", "")));
        // A keyword must sit inside the title or inside the text, not across the two.
        Assert.Equal([5], Ids(index.Match(["AF"], 3, RiskCategory.Other, "Ka", "bul")));
        Assert.Equal([5], Ids(index.Match(["AF"], 3, RiskCategory.Other, "nothing here", "平安无事")));
        // Without a title (country-level events) keyword filters do not apply.
        Assert.Equal([1, 2, 3, 4, 5], Ids(index.Match(["AF"], 3, null, null, null)));
    }

    [Fact]
    public void Match_OverlappingKeywords_AreAllFound()
    {
        // The classic Aho–Corasick case: keywords inside each other and sharing suffixes.
        var index = new SubscriptionIndex();
        index.Load([Sub(1, keywords: ["he"]), Sub(2, keywords: ["she"]), Sub(3, keywords: ["his"]), Sub(4, keywords: ["hers"]), Sub(5, keywords: ["恐怖袭击"]), Sub(6, keywords: ["袭击者"])]);
        Assert.Equal([1, 2, 4], Ids(index.Match([], 1, RiskCategory.Other, "USHERS", "")));
        Assert.Equal([3], Ids(index.Match([], 1, RiskCategory.Other, "this", "")));
        Assert.Equal([5, 6], Ids(index.Match([], 1, RiskCategory.Other, "恐怖袭击者被捕", "")));
    }

    [Fact]
    public void Remove_Unsubscribed_IsGone_AndItsKeywordNoLongerMatchesOthers()
    {
        var index = new SubscriptionIndex();
        index.Load([Sub(1, ["AF"], keywords: ["kabul"]), Sub(2, ["AF"]), Sub(3, categories: ["crime"])]);
        index.Remove(1);
        index.Remove(3);
        Assert.Equal([2], Ids(index.Match(["AF"], 5, RiskCategory.Crime, "Kabul", "")));
        Assert.Null(index.Get(1));
        Assert.Equal(0, index.DistinctKeywords);
        // The freed slot and keyword id go to another subscription with another keyword: no stale match.
        index.Upsert(Sub(4, ["AF"], keywords: ["herat"]));
        Assert.Equal([2], Ids(index.Match(["AF"], 5, RiskCategory.Crime, "Kabul", "")));
        Assert.Equal([2, 4], Ids(index.Match(["AF"], 5, RiskCategory.Crime, "Herat", "")));
        // Removing what is not there is a no-op.
        index.Remove(99);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public async Task NewKeywords_MatchAtOnce_BeforeAndAfterTheBackgroundBuild_AndFreedIdsDoNotLeak()
    {
        var index = new SubscriptionIndex();
        index.Load([Sub(1, ["AF"], keywords: ["kabul"])]);
        index.Upsert(Sub(2, ["AF"], keywords: ["herat"]));  // not in the automaton yet: searched plainly meanwhile
        Assert.Equal([2], Ids(index.Match(["AF"], 3, RiskCategory.Crime, "Herat", "")));
        await index.WaitForKeywordBuildAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([2], Ids(index.Match(["AF"], 3, RiskCategory.Crime, "HERAT", "")));

        // "kabul" goes; its id may be reused only once no automaton reports it.
        index.Remove(1);
        for (int i = 0; i < 100; i++) index.Upsert(Sub(100 + i, ["AF"], keywords: ["kw" + i + ";"]));
        await index.WaitForKeywordBuildAsync(TimeSpan.FromSeconds(30));
        for (int i = 0; i < 100; i++) index.Upsert(Sub(300 + i, ["AF"], keywords: ["港口" + i + "号"]));
        foreach (var settled in new[] { false, true })
        {
            if (settled) await index.WaitForKeywordBuildAsync(TimeSpan.FromSeconds(30));
            Assert.Empty(index.Match(["AF"], 3, RiskCategory.Crime, "kabul", ""));
            Assert.Equal([105], Ids(index.Match(["AF"], 3, RiskCategory.Crime, "KW5;", "")));
            Assert.Equal([2, 342], Ids(index.Match(["AF"], 3, RiskCategory.Crime, "herat", "港口42号")));
        }
        Assert.Equal(201, index.DistinctKeywords);
    }

    [Fact]
    public void Upsert_ChangingKeywordsLevelAndCategories_ReplacesTheOldFilter()
    {
        var index = new SubscriptionIndex();
        index.Load([Sub(1, ["AF"], minLevel: 2, categories: ["crime"], keywords: ["kabul"])]);
        index.Upsert(Sub(1, ["AF"], minLevel: 4, categories: ["health"], keywords: ["herat"]));
        Assert.Empty(index.Match(["AF"], 5, RiskCategory.Crime, "Kabul", ""));
        Assert.Empty(index.Match(["AF"], 3, RiskCategory.Health, "Herat", ""));
        Assert.Equal([1], Ids(index.Match(["AF"], 4, RiskCategory.Health, "Herat", "")));
        Assert.Equal(1, index.DistinctKeywords);
    }

    [Fact]
    public void MatchIds_AreTheIdsOfMatch()
    {
        var index = new SubscriptionIndex();
        index.Load(Enumerable.Range(1, 200).Select(i => Sub(i, i % 3 == 0 ? [] : ["AF"], minLevel: 1 + i % 5)));
        var entries = index.Match(["AF"], 3, RiskCategory.Crime, "t", "");
        Assert.Equal(entries.Select(e => e.Id).Order(), index.MatchIds(["AF"], 3, RiskCategory.Crime, "t", "").Order());
        Assert.Equal(Ids(entries), Ids(MatchedByRule(index, ["AF"], 3, RiskCategory.Crime, "t", "")));
    }

    [Fact]
    public void Match_RandomSubscriptionsAndUpdates_AgreesWithTheRuleChecked()
    {
        var rnd = new Random(11);
        var live = new Dictionary<long, MatchEntry>();
        var index = new SubscriptionIndex();
        string[] countries = ["AF", "IQ", "CN", "US", "FR", "SD"];
        string[] keywords = ["attack", "袭击", "port", "港口", "Strike", "罢工"];
        string[] texts = ["Attack on the port", "港口罢工", "恐怖袭击", "Nothing happened", "STRIKES and attacks", "平安"];
        var cats = RiskCategories.All.Select(c => c.Key()).ToArray();
        MatchEntry Random(long id) => Sub(id,
            rnd.Next(5) == 0 ? [] : Enumerable.Range(0, rnd.Next(1, 3)).Select(_ => countries[rnd.Next(countries.Length)]).Distinct().ToArray(),
            rnd.Next(1, 6),
            rnd.Next(3) == 0 ? Enumerable.Range(0, rnd.Next(1, 3)).Select(_ => cats[rnd.Next(cats.Length)]).Distinct().ToArray() : [],
            rnd.Next(3) == 0 ? Enumerable.Range(0, rnd.Next(1, 5)).Select(_ => keywords[rnd.Next(keywords.Length)]).ToArray() : []); // 1–4: inline and spilled keyword ids
        var initial = Enumerable.Range(1, 300).Select(i => Random(i)).ToList();
        index.Load(initial);
        foreach (var e in initial) live[e.Id] = e;
        for (int round = 0; round < 300; round++)
        {
            // An update: new, changed or removed.
            long id = rnd.Next(1, 400);
            if (rnd.Next(4) == 0) { index.Remove(id); live.Remove(id); }
            else { var e = Random(id); index.Upsert(e); live[id] = e; }

            var itemCountries = Enumerable.Range(0, rnd.Next(0, 4)).Select(_ => countries[rnd.Next(countries.Length)]).ToArray();
            int level = rnd.Next(1, 6);
            RiskCategory? cat = rnd.Next(5) == 0 ? null : (RiskCategory)rnd.Next(0, 11);
            string? title = cat is null ? null : texts[rnd.Next(texts.Length)];
            string? text = title is null ? null : texts[rnd.Next(texts.Length)];
            var expected = live.Values.Where(s => Rule(s, itemCountries, level, cat, title, text)).Select(s => s.Id).Order().ToArray();
            Assert.Equal(expected, Ids(index.Match(itemCountries, level, cat, title, text)));
        }
        Assert.Equal(live.Count, index.Count);
    }

    [Fact]
    public async Task Match_WhileSubscriptionsChangeOnOtherThreads_StaysConsistent()
    {
        var index = new SubscriptionIndex();
        // 1..1000 stay; 10001.. come and go with keywords that churn the automaton.
        index.Load(Enumerable.Range(1, 1000).Select(i => Sub(i, i % 2 == 0 ? ["AF"] : [], keywords: i % 10 == 0 ? ["attack"] : [])));
        var stable = Enumerable.Range(1, 1000).Where(i => i % 10 != 0).Select(i => (long)i).ToHashSet();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            var rnd = new Random(w);
            long n = 0;
            while (!stop.IsCancellationRequested)
            {
                long id = 10_001 + w * 1_000_000 + rnd.Next(2000);
                // Odd ids have keywords that never occur in the readers' text: whatever the automaton churn, never a match.
                if (rnd.Next(3) == 0) index.Remove(id);
                else index.Upsert(Sub(id, rnd.Next(2) == 0 ? ["AF"] : ["IQ", "AF"], rnd.Next(1, 6), keywords: id % 2 == 1 ? ["kw" + rnd.Next(500)] : []));
                n++;
            }
            return n;
        })).ToArray();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            long n = 0;
            while (!stop.IsCancellationRequested)
            {
                var ids = index.MatchIds(["AF", "IQ"], 5, RiskCategory.Crime, "no keyword here", "");
                Assert.Equal(ids.Length, ids.Distinct().Count());
                var got = ids.ToHashSet();
                Assert.True(stable.IsSubsetOf(got), "a subscription that never changed was missed");
                Assert.DoesNotContain(got, id => id <= 1000 && id % 10 == 0); // their keyword is not in the text
                Assert.DoesNotContain(got, id => id > 10_000 && id % 2 == 1);
                n++;
            }
            return n;
        })).ToArray();
        var updates = (await Task.WhenAll(writers)).Sum();
        var matches = (await Task.WhenAll(readers)).Sum();
        Assert.True(updates > 100 && matches > 10, $"{updates} updates, {matches} matches");
        // Afterwards the index agrees with the rule over what it holds.
        Assert.Equal(Ids(MatchedByRule(index, ["AF"], 3, RiskCategory.Crime, "kw7 attack", "")), Ids(index.Match(["AF"], 3, RiskCategory.Crime, "kw7 attack", "")));
    }

    /// <summary>The matching rule written out plainly: what the index must agree with.</summary>
    private static bool Rule(MatchEntry s, IReadOnlyList<string> countries, int level, RiskCategory? category, string? title, string? text)
    {
        level = RiskLevels.Clamp(level);
        if (s.Countries.Length > 0 && !countries.Any(c => s.Countries.Contains(c))) return false;
        if (s.MinLevel > level) return false;
        if (category is RiskCategory cat && s.Categories is { } cs && !cs.Contains(cat)) return false;
        return title is null || s.KeywordsMatch(title, text ?? "");
    }

    private static IEnumerable<MatchEntry> MatchedByRule(SubscriptionIndex index, IReadOnlyList<string> countries, int level, RiskCategory? category, string? title, string? text) =>
        index.MatchCountries([]).Where(s => Rule(s, countries, level, category, title, text));
}
