using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RiskWatch.Core;
using RiskWatch.Scoring.Country;

namespace RiskWatch.Scoring.Tests;

/// <summary>An in-memory index good enough for the country service: filters by country and date, newest first.</summary>
internal sealed class ListIndex(IEnumerable<RiskItem> items) : IRiskIndex
{
    private readonly List<RiskItem> _items = items.ToList();
    /// <summary>Writes by id, as the real indexes do.</summary>
    public Task UpsertAsync(IReadOnlyCollection<RiskItem> items, CancellationToken ct)
    {
        foreach (var i in items) { _items.RemoveAll(x => x.Id == i.Id); _items.Add(i); }
        return Task.CompletedTask;
    }
    public Task<RiskItem?> GetAsync(string id, CancellationToken ct) => Task.FromResult(_items.FirstOrDefault(i => i.Id == id));
    public Task<IReadOnlyDictionary<string, RiskItem>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, RiskItem>>(_items.Where(i => ids.Contains(i.Id)).ToDictionary(i => i.Id));
    public Task<SearchResult> SearchAsync(SearchQuery q, CancellationToken ct)
    {
        var hits = _items.Where(i => q.Countries.Count == 0 || i.Countries.Intersect(q.Countries).Any())
            .Where(i => q.From is null || i.Published >= q.From).OrderByDescending(i => i.Published).ToList();
        return Task.FromResult(new SearchResult(hits.Take(q.Size).Select(i => new SearchHit(i, 1, null, null)).ToList(), hits.Count, new Dictionary<string, IReadOnlyDictionary<string, long>>(), [], null));
    }
    public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct) => Task.FromResult(0L);
    public Task<long> CountAsync(CancellationToken ct) => Task.FromResult((long)_items.Count);
}

internal sealed class Factory(DbContextOptions<ScoringDbContext> o) : IDbContextFactory<ScoringDbContext>
{
    public ScoringDbContext CreateDbContext() => new(o);
}

public sealed class CountryRiskTests : IDisposable
{
    private readonly string _dir = Some.TempDir();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly Factory _db;

    public CountryRiskTests()
    {
        var options = new DbContextOptionsBuilder<ScoringDbContext>().UseSqlite($"Data Source={Path.Combine(_dir, "scoring.db")}").Options;
        _db = new Factory(options);
        using var ctx = _db.CreateDbContext();
        ctx.Database.EnsureCreated(); // the host does this in the product
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private RiskItem Item(string id, string source, int? official, int severity, RiskCategory cat, double daysAgo, string country = "ML") => new()
    {
        Id = id, Source = source, Title = $"{source} {id}", Published = _time.GetUtcNow().AddDays(-daysAgo), Countries = [country],
        OfficialLevel = official, RawLevel = official?.ToString(System.Globalization.CultureInfo.InvariantCulture), Level = official ?? severity,
        Severity = severity, Category = cat, Confidence = 0.9,
    };

    private CountryRiskService Service(IRiskIndex index, ICountryIndicators? ind = null, params ICountryLevelListener[] listeners) =>
        new(index, ind ?? new InMemoryCountryIndicators(), _db, Options.Create(new ScoringOptions { ModelsDirectory = _dir }), _time, NullLogger<CountryRiskService>.Instance, listeners);

    /// <summary>Keeps what it hears; the second one throws, as a listener whose store is down would.</summary>
    private sealed class Heard(bool fail = false) : ICountryLevelListener
    {
        public List<CountryLevelChange> Changes { get; } = [];
        public Task OnCountryLevelChangedAsync(CountryLevelChange change, CancellationToken ct)
        {
            Changes.Add(change);
            return fail ? throw new IOException("store down") : Task.CompletedTask;
        }
    }

    [Fact]
    public async Task LevelChange_ReachesEveryListenerOnce_WithDrivers_AFailingListenerLosesNothing()
    {
        var index = new ListIndex([Item("a", "us-state-dept", 1, 1, RiskCategory.Other, 5)]);
        var failing = new Heard(fail: true);
        var heard = new Heard();
        var svc = Service(index, null, failing, heard);
        await svc.ScoreAndRecordAsync("ML", default);
        Assert.Empty(heard.Changes); // the first snapshot is no change

        _time.Advance(TimeSpan.FromDays(1));
        await index.UpsertAsync([Item("b", "us-state-dept", 5, 5, RiskCategory.ArmedConflict, 0)], default);
        var (_, change) = await svc.ScoreAndRecordAsync("ML", default);
        await svc.ScoreAndRecordAsync("ML", default); // same level again: no second event

        var ev = Assert.Single(heard.Changes);
        Assert.Single(failing.Changes);
        Assert.Equal("ML", ev.Country);
        Assert.Equal(change!.OldLevel, ev.OldLevel);
        Assert.Equal(change.NewLevel, ev.NewLevel);
        Assert.Contains(ev.Drivers, d => d.Contains("us-state-dept", StringComparison.Ordinal));
        Assert.Single(await svc.LevelChangesAsync(_time.GetUtcNow().AddDays(-2), default)); // recorded despite the failing listener
    }

    [Fact]
    public async Task Score_CombinesOfficialLevelsEvidenceAndIndicators_WithDrivers()
    {
        var index = new ListIndex([
            Item("a", "us-state-dept", 5, 5, RiskCategory.TerrorismSecurity, 10),
            Item("a0", "us-state-dept", 2, 2, RiskCategory.Other, 400),
            Item("b", "cn-mfa", 5, 5, RiskCategory.ArmedConflict, 20),
            Item("c", "news", null, 5, RiskCategory.TerrorismSecurity, 1),
            Item("d", "news", null, 4, RiskCategory.ArmedConflict, 3),
            Item("e", "news", null, 2, RiskCategory.Crime, 200),
        ]);
        var ind = new InMemoryCountryIndicators();
        await ind.SetAsync([("ML", "PV.EST", 2022, -2.0), ("ML", "RL.EST", 2022, -1.0)], default);
        var risk = await Service(index, ind).ScoreAsync("ml", default);

        Assert.Equal("ML", risk.Country);
        Assert.Equal(2, risk.OfficialLevels.Count);
        Assert.All(risk.OfficialLevels, o => Assert.Equal(5, o.Level)); // the older US level 2 is superseded
        Assert.InRange(risk.Score, 70, 100);
        Assert.True(risk.Level >= 4);
        Assert.Equal(2, risk.Evidence.Items); // the 200-day-old item is outside 90 days
        Assert.True(risk.SubScores["terrorism"] > 0);
        Assert.Equal(0, risk.SubScores["crime"]);
        Assert.Contains(risk.Drivers, d => d.Kind == "official" && d.ItemIds.Contains("a"));
        Assert.Contains(risk.Drivers, d => d.Kind == "evidence" && d.ItemIds.Contains("c"));
        Assert.Contains(risk.Drivers, d => d.Kind == "structural");
        Assert.Equal("formula", risk.Method);
    }

    [Fact]
    public async Task Score_NoDataAtAll_IsLowWithNotesNotAnException()
    {
        var risk = await Service(new ListIndex([])).ScoreAsync("NO", default);
        Assert.Equal(0, risk.Score);
        Assert.Equal(1, risk.Level);
        Assert.Equal(3, risk.Notes.Count);
    }

    [Fact]
    public async Task ScoreAndRecord_KeepsOneSnapshotPerDay_AndALevelChangeIsAnEvent()
    {
        var index = new ListIndex([Item("a", "us-state-dept", 1, 1, RiskCategory.Other, 5)]);
        var svc = Service(index);
        var (first, none) = await svc.ScoreAndRecordAsync("ML", default);
        Assert.Null(none);
        await svc.ScoreAndRecordAsync("ML", default); // same day: replaced, not added

        _time.Advance(TimeSpan.FromDays(1));
        await index.UpsertAsync([Item("b", "us-state-dept", 5, 5, RiskCategory.ArmedConflict, 0)], default);
        var (second, change) = await svc.ScoreAndRecordAsync("ML", default);

        Assert.NotNull(change);
        Assert.Equal(first.Level, change!.OldLevel);
        Assert.Equal(second.Level, change.NewLevel);
        Assert.True(change.NewLevel > change.OldLevel);
        var history = await svc.HistoryAsync("ML", new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31), default);
        Assert.Equal(2, history.Count);
        Assert.Single(await svc.LevelChangesAsync(_time.GetUtcNow().AddDays(-2), default));
    }

    [Fact]
    public async Task DbIndicators_KeepTheLatestYear()
    {
        var ind = new DbCountryIndicators(_db);
        await ind.SetAsync([("ML", "PV.EST", 2021, -1.0)], default);
        await ind.SetAsync([("ML", "PV.EST", 2019, -3.0), ("ML", "CC.EST", 2022, 0.5)], default);
        var v = await ind.GetAsync("ML", default);
        Assert.Equal(-1.0, v["PV.EST"]);
        Assert.Equal(0.5, v["CC.EST"]);
    }

    [Fact]
    public async Task IndicatorListener_ReadsWorldBankLinesFromItemText()
    {
        var ind = new InMemoryCountryIndicators();
        var item = Item("wb", "worldbank", null, 1, RiskCategory.Other, 0) with { Text = "Political Stability and Absence of Violence/Terrorism: Estimate (PV.EST), 2022: -2.15\nGDP per capita (current US$) (NY.GDP.PCAP.CD), 2017: 830.5" };
        await new IndicatorListener(ind).OnIngestedAsync(new IngestBatch([item], [], []), default);
        var v = await ind.GetAsync("ML", default);
        Assert.Equal(-2.15, v["PV.EST"]);
        Assert.Equal(830.5, v["NY.GDP.PCAP.CD"]);
    }

    [Fact]
    public void OecdTable_LatestClassPerCountry_DashAndMalformedAreMissing()
    {
        var t = CountryRiskModel.ReadOecdTable(Path.Combine(AppContext.BaseDirectory, "Fixtures", "oecd-sample.csv"));
        Assert.Equal(7, t["AF"]);
        Assert.Equal(6, t["AL"]);
        Assert.Null(t["AD"]);
        Assert.Null(t["DZ"]); // "-3" in the latest column
    }

    [Fact]
    public void Spearman_PerfectAndReversedOrders()
    {
        Assert.Equal(1.0, CountryRiskModelTrainer.Spearman([1, 2, 3, 4], [10, 20, 30, 40]), 6);
        Assert.Equal(-1.0, CountryRiskModelTrainer.Spearman([1, 2, 3, 4], [4, 3, 2, 1]), 6);
    }
}
