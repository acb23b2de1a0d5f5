using System.Text.Json;
using RiskWatch.Core;
using Xunit.Abstractions;

namespace RiskWatch.Search.Tests;

/// <summary>
/// What every <see cref="IRiskIndex"/> backend must do. Each backend's subclass opens a fresh, empty index per test;
/// a backend that is not available here returns null and every test returns early with a message.
/// </summary>
public abstract class RiskIndexContract(ITestOutputHelper output) : IAsyncLifetime
{
    private IRiskIndex? _index;
    protected readonly ITestOutputHelper Output = output;
    protected static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A fresh empty index, or null with <see cref="UnavailableReason"/> set.</summary>
    protected abstract Task<IRiskIndex?> OpenAsync();

    protected virtual Task CloseAsync(IRiskIndex index) => Task.CompletedTask;

    protected string UnavailableReason { get; set; } = "backend not available";

    protected IRiskIndex Index => _index!;

    /// <summary>Word segmentation (SmartCn) cannot find one character inside a word (村 in 村庄); bigram indexes can.</summary>
    protected virtual bool FindsCharactersInsideWords => true;

    public async Task InitializeAsync() => _index = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_index is not null) await CloseAsync(_index);
    }

    /// <summary>True (after saying why) when the backend is not available and the test must return.</summary>
    protected bool Unavailable()
    {
        if (_index is not null) return false;
        Output.WriteLine($"SKIPPED: {UnavailableReason}");
        return true;
    }

    private async Task LoadCorpusAsync() => await Index.UpsertAsync(Some.Corpus, Ct);

    private async Task<string[]> IdsAsync(SearchQuery q) => [.. (await Index.SearchAsync(q with { Size = 100 }, Ct)).Hits.Select(h => h.Item.Id)];

    private async Task<string[]> SortedIdsAsync(SearchQuery q) => [.. (await IdsAsync(q)).Order(StringComparer.Ordinal)];

    private static string Json(RiskItem? i) => JsonSerializer.Serialize(i);

    // ------------------------------------------------------------ writes and reads

    [Fact]
    public async Task Upsert_SameIdTwice_KeepsOneItemWithTheLatestContent()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        await Index.UpsertAsync(Some.Corpus, Ct);
        var changed = Some.En2 with { Title = "Flood warning lifted for Bangladesh", Level = 1 };
        await Index.UpsertAsync([changed], Ct);

        Assert.Equal(6, await Index.CountAsync(Ct));
        Assert.Equal(Json(changed), Json(await Index.GetAsync("en2", Ct)));
        Assert.Equal(["en2"], await IdsAsync(new SearchQuery { Text = "lifted" }));
        Assert.Empty(await IdsAsync(new SearchQuery { Text = "flood", MinLevel = 3 }));
    }

    [Fact]
    public async Task Upsert_ThenGet_ReturnsTheItemUnchanged()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        foreach (var item in Some.Corpus)
            Assert.Equal(Json(item), Json(await Index.GetAsync(item.Id, Ct)));
        Assert.Null(await Index.GetAsync("missing", Ct));
    }

    [Fact]
    public async Task GetMany_ReturnsFoundItemsOnly()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var many = await Index.GetManyAsync(["zh1", "en4", "nope"], Ct);
        Assert.Equal(["en4", "zh1"], many.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Json(Some.En4), Json(many["en4"]));
    }

    [Fact]
    public async Task Upsert_IsSearchableAsSoonAsItReturns()
    {
        if (Unavailable()) return;
        for (int i = 0; i < 5; i++)
        {
            await Index.UpsertAsync([Some.Item("n" + i, "Volcano eruption number " + i)], Ct);
            Assert.Equal(i + 1, (await Index.SearchAsync(new SearchQuery { Text = "volcano" }, Ct)).Total);
        }
    }

    [Fact]
    public async Task DeleteOlderThan_RemovesOnlyItemsPublishedBeforeTheCutoff()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var removed = await Index.DeleteOlderThanAsync(Some.Base.AddDays(3), Ct);
        Assert.Equal(2, removed);
        Assert.Equal(4, await Index.CountAsync(Ct));
        Assert.Null(await Index.GetAsync("zh1", Ct));
        Assert.NotNull(await Index.GetAsync("en1", Ct));
        Assert.Equal(0, await Index.DeleteOlderThanAsync(Some.Base.AddDays(3), Ct));
    }

    // ------------------------------------------------------------ free text

    [Fact]
    public async Task Search_ChineseRun_IsAPhrase()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["zh1"], await IdsAsync(new SearchQuery { Text = "恐怖袭击" }));
        Assert.Equal(["zh1", "zh2"], await SortedIdsAsync(new SearchQuery { Text = "袭击" }));
    }

    [Fact]
    public async Task Search_OneChineseCharacter_FindsItInsideWords()
    {
        if (Unavailable()) return;
        if (!FindsCharactersInsideWords)
        {
            Output.WriteLine("SKIPPED: this backend segments Chinese into words, so one character inside a word is not a term.");
            return;
        }
        await LoadCorpusAsync();
        Assert.Equal(["zh2"], await IdsAsync(new SearchQuery { Text = "村" }));
        var hit = Assert.Single((await Index.SearchAsync(new SearchQuery { Text = "片" }, Ct)).Hits);
        Assert.Equal("恐怖<mark>片</mark>上映", hit.TitleHighlight);
    }

    [Fact]
    public async Task Search_EnglishPlural_FindsOtherFormsOfTheWord()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en1"], await IdsAsync(new SearchQuery { Text = "attacks" }));
        Assert.Equal(["en2"], await IdsAsync(new SearchQuery { Text = "floods" }));
    }

    [Fact]
    public async Task Search_StopWordsInTheQuery_DoNotHideEnglishItems()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en1"], await IdsAsync(new SearchQuery { Text = "the attack on the embassy" }));
    }

    [Fact]
    public async Task Search_QuotedPhrase_NeedsTheWordsInOrder()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en3"], await IdsAsync(new SearchQuery { Text = "\"pension reform\"" }));
        Assert.Empty(await IdsAsync(new SearchQuery { Text = "\"reform pension\"" }));
    }

    [Fact]
    public async Task Search_BooleanOperators_CombineTerms()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en1"], await IdsAsync(new SearchQuery { Text = "officials AND embassy" }));
        Assert.Equal(["en1"], await IdsAsync(new SearchQuery { Text = "officials embassy" }));
        Assert.Equal(["en2", "en4"], await SortedIdsAsync(new SearchQuery { Text = "flooding OR sanctions" }));
        Assert.Equal(["en3"], await IdsAsync(new SearchQuery { Text = "officials NOT embassy" }));
        Assert.Equal(["en1", "en2", "en3", "en4", "zh2"], await SortedIdsAsync(new SearchQuery { Text = "NOT 巴黎" }));
        Assert.Equal(["en3", "zh1"], await SortedIdsAsync(new SearchQuery { Text = "巴黎 OR Paris" }));
    }

    [Fact]
    public async Task Search_FieldSyntax_SearchesOneField()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en1"], await IdsAsync(new SearchQuery { Text = "title:attack" }));
        Assert.Empty(await IdsAsync(new SearchQuery { Text = "title:officials" }));
        Assert.Equal(["en3", "zh1"], await SortedIdsAsync(new SearchQuery { Text = "country:fr" }));
    }

    [Fact]
    public async Task Search_EmptyText_MatchesEverything()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var r = await Index.SearchAsync(new SearchQuery { Text = "  " }, Ct);
        Assert.Equal(6, r.Total);
        Assert.Equal(6, r.Hits.Count);
        Assert.Null(r.Next);
    }

    [Theory]
    [InlineData("title:(\"unclosed")]
    [InlineData("(flood AND")]
    [InlineData("nosuchfield:flood")]
    [InlineData("category:volcanoes")]
    public async Task Search_UnparsableQuery_ThrowsQuerySyntaxExceptionWithAReason(string text)
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var e = await Assert.ThrowsAsync<QuerySyntaxException>(() => Index.SearchAsync(new SearchQuery { Text = text }, Ct));
        Output.WriteLine(e.Message);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public async Task Search_DamagedCursor_ThrowsQuerySyntaxException()
    {
        if (Unavailable()) return;
        await Assert.ThrowsAsync<QuerySyntaxException>(() => Index.SearchAsync(new SearchQuery { Cursor = "not-a-cursor!" }, Ct));
    }

    // ------------------------------------------------------------ filters

    [Fact]
    public async Task Filter_Countries_MatchesAnyOfThem()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en3", "zh1"], await SortedIdsAsync(new SearchQuery { Countries = ["FR"] }));
        Assert.Equal(["en2", "en3", "zh1"], await SortedIdsAsync(new SearchQuery { Countries = ["fr", "BD"] }));
        Assert.Equal(["en4"], await SortedIdsAsync(new SearchQuery { Countries = ["US"] }));
    }

    [Fact]
    public async Task Filter_Categories_MatchesAnyOfThem()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en1", "zh1"], await SortedIdsAsync(new SearchQuery { Categories = [RiskCategory.TerrorismSecurity] }));
        Assert.Equal(["en1", "en2", "zh1"], await SortedIdsAsync(new SearchQuery { Categories = [RiskCategory.TerrorismSecurity, RiskCategory.NaturalDisaster] }));
    }

    [Fact]
    public async Task Filter_LevelRange_IsInclusive()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en1", "zh1"], await SortedIdsAsync(new SearchQuery { MinLevel = 4 }));
        Assert.Equal(["en2", "en3", "en4"], await SortedIdsAsync(new SearchQuery { MinLevel = 2, MaxLevel = 3 }));
        Assert.Equal(["zh2"], await SortedIdsAsync(new SearchQuery { MaxLevel = 1 }));
    }

    [Fact]
    public async Task Filter_Sources_MatchesAnyOfThem()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en2", "en4"], await SortedIdsAsync(new SearchQuery { Sources = ["gdacs", "ofac"] }));
    }

    [Fact]
    public async Task Filter_DateRange_IsInclusiveOnBothEnds()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en1", "en2"], await SortedIdsAsync(new SearchQuery { From = Some.Base.AddDays(3), To = Some.Base.AddDays(4) }));
        Assert.Equal(["en4"], await SortedIdsAsync(new SearchQuery { From = Some.Base.AddDays(5).AddHours(1) }));
        Assert.Equal(["zh1"], await SortedIdsAsync(new SearchQuery { To = Some.Base.AddDays(1).AddHours(23) }));
    }

    [Fact]
    public async Task Filter_Language_AcceptsTagsLikeZhCn()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["zh1", "zh2"], await SortedIdsAsync(new SearchQuery { Language = "zh-CN" }));
        Assert.Equal(4, (await IdsAsync(new SearchQuery { Language = "en" })).Length);
    }

    [Fact]
    public async Task Filter_CombinedWithText_AppliesBoth()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en3"], await IdsAsync(new SearchQuery { Text = "巴黎 OR Paris", Language = "en" }));
    }

    // ------------------------------------------------------------ sorting and paging

    [Fact]
    public async Task Sort_Newest_OrdersByPublishedDescending()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en4", "en3", "en2", "en1", "zh2", "zh1"], await IdsAsync(new SearchQuery { Sort = SearchSort.Newest }));
    }

    [Fact]
    public async Task Sort_Severity_OrdersByLevelThenNewest()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        Assert.Equal(["en1", "zh1", "en4", "en2", "en3", "zh2"], await IdsAsync(new SearchQuery { Sort = SearchSort.Severity }));
    }

    [Fact]
    public async Task Sort_Relevance_PutsTheBestMatchFirst()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        await Index.UpsertAsync([Some.Item("x1", "Market report", "A long report on markets that mentions sanctions once among many other words about trade and prices.", published: Some.Base.AddDays(9))], Ct);
        var r = await Index.SearchAsync(new SearchQuery { Text = "sanctions", Sort = SearchSort.Relevance }, Ct);
        Assert.Equal(["en4", "x1"], r.Hits.Select(h => h.Item.Id));
        Assert.True(r.Hits[0].Score >= r.Hits[1].Score);
    }

    [Theory]
    [InlineData(SearchSort.Newest)]
    [InlineData(SearchSort.Severity)]
    [InlineData(SearchSort.Relevance)]
    public async Task Paging_WithCursor_StaysStableWhileItemsAreWritten(SearchSort sort)
    {
        if (Unavailable()) return;
        var first = Enumerable.Range(0, 40).Select(i => Some.Synthetic(i, "p")).ToList();
        await Index.UpsertAsync(first, Ct);
        var query = new SearchQuery { Text = sort == SearchSort.Relevance ? "风险提示 OR risk" : null, Sort = sort, Size = 7, IncludeFacets = false };

        var seen = new List<string>();
        var page = await Index.SearchAsync(query, Ct);
        int round = 0;
        while (true)
        {
            seen.AddRange(page.Hits.Select(h => h.Item.Id));
            if (page.Next is null) break;
            // New items on both sides of the cursor, and a rewrite of an item already seen, between pages.
            await Index.UpsertAsync([.. Enumerable.Range(1000 + round * 5, 5).Select(i => Some.Synthetic(i, "new")), first[round] with { Title = first[round].Title + " risk" }], Ct);
            page = await Index.SearchAsync(query with { Cursor = page.Next }, Ct);
            round++;
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(first.Select(i => i.Id).Except(seen));
    }

    [Fact]
    public async Task Paging_CursorFromAnotherSort_IsRejected()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var page = await Index.SearchAsync(new SearchQuery { Sort = SearchSort.Newest, Size = 2 }, Ct);
        Assert.NotNull(page.Next);
        Assert.Equal(6, page.Total);
        var second = await Index.SearchAsync(new SearchQuery { Sort = SearchSort.Newest, Size = 2, Cursor = page.Next }, Ct);
        Assert.Equal(["en2", "en1"], second.Hits.Select(h => h.Item.Id));
        Assert.Equal(6, second.Total);
        await Assert.ThrowsAsync<QuerySyntaxException>(() => Index.SearchAsync(new SearchQuery { Sort = SearchSort.Severity, Cursor = page.Next }, Ct));
    }

    // ------------------------------------------------------------ highlights

    [Fact]
    public async Task Highlight_English_MarksStemmedMatchesInEscapedHtml()
    {
        if (Unavailable()) return;
        await Index.UpsertAsync([Some.En1, Some.Item("h1", "Attack & response <script>", "No <b>attacks</b> were reported.")], Ct);
        var hits = (await Index.SearchAsync(new SearchQuery { Text = "attacks" }, Ct)).Hits.ToDictionary(h => h.Item.Id);

        Assert.Equal("<mark>Attack</mark> on embassy in Kabul", hits["en1"].TitleHighlight);
        Assert.Contains("<mark>attacked</mark>", hits["en1"].TextHighlight);
        Assert.Contains("<mark>attack</mark>.", hits["en1"].TextHighlight);
        Assert.Equal("<mark>Attack</mark> &amp; response &lt;script&gt;", hits["h1"].TitleHighlight);
        Assert.Contains("&lt;b&gt;<mark>attacks</mark>&lt;/b&gt;", hits["h1"].TextHighlight);
    }

    [Fact]
    public async Task Highlight_Chinese_MarksThePhrase()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var hit = Assert.Single((await Index.SearchAsync(new SearchQuery { Text = "恐怖袭击" }, Ct)).Hits);
        Output.WriteLine($"{hit.TitleHighlight} | {hit.TextHighlight}");
        Assert.Equal("巴黎发生<mark>恐怖袭击</mark>", Merge(hit.TitleHighlight));
        Assert.Contains("发生<mark>恐怖袭击</mark>，造成", Merge(hit.TextHighlight));
    }

    /// <summary>Adjacent marks ("&lt;mark&gt;恐怖&lt;/mark&gt;&lt;mark&gt;袭击&lt;/mark&gt;") read as one; backends differ in how they split.</summary>
    private static string? Merge(string? html) => html?.Replace("</mark><mark>", "");

    [Fact]
    public async Task Highlight_Off_ReturnsNoHighlights()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var hit = Assert.Single((await Index.SearchAsync(new SearchQuery { Text = "flooding", Highlight = false }, Ct)).Hits);
        Assert.Null(hit.TitleHighlight);
        Assert.Null(hit.TextHighlight);
    }

    // ------------------------------------------------------------ facets and histogram

    [Fact]
    public async Task Facets_CountTheWholeFilteredResult()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var all = await Index.SearchAsync(new SearchQuery { Size = 1 }, Ct);
        Assert.Equal(2, all.Facets["country"]["FR"]);
        Assert.Equal(1, all.Facets["country"]["US"]);
        Assert.Equal(6, all.Facets["country"].Count);
        Assert.Equal(2, all.Facets["category"]["terrorism"]);
        Assert.Equal(1, all.Facets["category"]["disaster"]);
        Assert.Equal(2, all.Facets["level"]["3"]);
        Assert.Equal(1, all.Facets["level"]["5"]);
        Assert.Equal(2, all.Facets["source"]["china-mfa"]);

        var en = await Index.SearchAsync(new SearchQuery { Language = "en", MinLevel = 3 }, Ct);
        Assert.Equal(3, en.Total);
        Assert.False(en.Facets["source"].ContainsKey("china-mfa"));
        Assert.Equal(2, en.Facets["level"]["3"]);
        Assert.Equal(["AF", "BD", "IR", "US"], en.Facets["country"].Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Facets_NotAsked_AreEmpty()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var r = await Index.SearchAsync(new SearchQuery { IncludeFacets = false }, Ct);
        Assert.True(r.Facets.Values.All(f => f.Count == 0));
        Assert.Equal(6, r.Total);
    }

    [Fact]
    public async Task Histogram_ByDay_HasOneBucketPerDayIncludingEmptyOnes()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        await Index.UpsertAsync([Some.Item("late", "Late item", published: Some.Base.AddDays(8).AddHours(13))], Ct);
        var r = await Index.SearchAsync(new SearchQuery { HistogramInterval = "day", Size = 0 }, Ct);
        Assert.Equal(8, r.Histogram.Count);
        Assert.Equal(Some.Base.AddDays(1), r.Histogram[0].Start);
        Assert.Equal(Some.Base.AddDays(8), r.Histogram[^1].Start);
        Assert.Equal(0, r.Histogram[6].Count);
        Assert.Equal(7, r.Histogram.Sum(b => b.Count));
        Assert.Empty(r.Hits);
    }

    [Fact]
    public async Task Histogram_ByWeek_StartsOnMondaysAndFollowsFilters()
    {
        if (Unavailable()) return;
        await LoadCorpusAsync();
        var r = await Index.SearchAsync(new SearchQuery { HistogramInterval = "week", Language = "en" }, Ct);
        Assert.All(r.Histogram, b => Assert.Equal(DayOfWeek.Monday, b.Start.UtcDateTime.DayOfWeek));
        Assert.All(r.Histogram, b => Assert.Equal(TimeSpan.Zero, b.Start.UtcDateTime.TimeOfDay));
        Assert.Equal(4, r.Histogram.Sum(b => b.Count));
        // Base is Monday 2026-11-02: en1..en4 (days 3 to 6) share its week.
        Assert.Equal(new HistogramBucket(Some.Base, 4), Assert.Single(r.Histogram));
    }

    [Fact]
    public async Task Histogram_UnknownInterval_IsAQueryError()
    {
        if (Unavailable()) return;
        await Assert.ThrowsAsync<QuerySyntaxException>(() => Index.SearchAsync(new SearchQuery { HistogramInterval = "fortnight" }, Ct));
    }
}
