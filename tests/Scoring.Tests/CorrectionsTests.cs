using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RiskWatch.Core;
using RiskWatch.Scoring.Country;

namespace RiskWatch.Scoring.Tests;

/// <summary>Analysts' corrections: the export format read back for training, the merge into training data, and the store.</summary>
public sealed class CorrectionsTests : IDisposable
{
    private readonly string _dir = Some.TempDir();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static string Line(string title, string? category, int? severity, string country = "ML") =>
        Corrections.ToLine(new CorrectionRecord("item-" + title.GetHashCode(StringComparison.Ordinal), "cn-embassy", title, title + "，当地安全形势持续恶化。", "zh", [country],
            category, severity, null, "other", 0.4, 2, 0.5, "v1", "analyst@example.test", new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void Read_MalformedLines_AreNamedByNumber_AndEveryOtherLineIsKept()
    {
        var file = Path.Combine(_dir, "corrections.jsonl");
        File.WriteAllLines(file,
        [
            Line("马里北部发生恐怖袭击", "terrorism", 5),
            "{\"title\": \"broken\", \"severity\": ",
            Line("尼日尔首都爆发抗议", "riots", null),
            "",
            Line("布基纳法索局势紧张", null, 9),
            Line("苏丹冲突升级", null, null),
            Line("乍得发生霍乱疫情", "health", null, country: "TD"),
        ]);

        var read = Corrections.Read(file);

        Assert.Equal(["马里北部发生恐怖袭击", "乍得发生霍乱疫情"], read.Records.Select(r => r.Title));
        Assert.Equal(4, read.Errors.Count);
        Assert.StartsWith("corrections.jsonl line 2: not a correction in JSON", read.Errors[0]);
        Assert.StartsWith("corrections.jsonl line 3: unknown category 'riots'", read.Errors[1]);
        Assert.StartsWith("corrections.jsonl line 5: severity 9 is outside 1–5", read.Errors[2]);
        Assert.StartsWith("corrections.jsonl line 6: it has neither category nor severity", read.Errors[3]);

        var labeled = read.Records.Select(r => r.ToLabeledText()).ToList();
        Assert.Equal((int?)5, labeled[0].Severity);
        Assert.Equal(RiskCategory.TerrorismSecurity, labeled[0].Category);
        Assert.Equal("ML", labeled[0].GroupKey);
        Assert.Null(labeled[1].Severity);
        Assert.Equal(RiskCategory.Health, labeled[1].Category);
        Assert.Equal("TD", labeled[1].GroupKey);
        Assert.Equal("cn-embassy", labeled[1].Source);
    }

    [Fact]
    public void Read_HandWrittenLineWithoutOptionalFields_DetectsLanguage_GroupsByTitle()
    {
        var read = Corrections.Read(new StringReader("{\"title\": \"Armed groups attacked a convoy near Gao\", \"severity\": 4}"), "mine.jsonl");
        var r = Assert.Single(read.Records);
        Assert.Empty(read.Errors);
        var t = r.ToLabeledText();
        Assert.Equal("en", t.Language);
        Assert.Equal("Armed groups attacked a convoy near Gao", t.GroupKey);
        Assert.Equal("", t.Text);
    }

    [Fact]
    public void Merge_CorrectionOfACollectedText_OverridesItsLabels_OtherCorrectionsAreAdded()
    {
        var collected = new LabeledText("Mali  -  Level 4: Do Not Travel", "Do not travel to Mali.", "en", 5, null, "ML", "us-state-dept");
        var other = new LabeledText("Chad - Level 3", "Reconsider travel.", "en", 4, null, "TD", "us-state-dept");
        var sameItem = new CorrectionRecord("x", "us-state-dept", "Mali - Level 4: Do Not Travel", "Do not travel to Mali.", "en", ["ML"],
            "terrorism", 4, null, null, null, null, null, null, null, null);
        var newText = new CorrectionRecord("y", "gdacs", "Flood in Niger", "Heavy rain flooded Niamey.", "en", ["NE"], "disaster", null, null, null, null, null, null, null, null, null);

        var merged = Corrections.Merge([collected, other], [sameItem, newText]);

        Assert.Equal(3, merged.Count);
        Assert.Equal((int?)4, merged[0].Severity);
        Assert.Equal(RiskCategory.TerrorismSecurity, merged[0].Category);
        Assert.Equal(other, merged[1]);
        Assert.Equal(RiskCategory.NaturalDisaster, merged[2].Category);
        Assert.Null(merged[2].Severity);
        Assert.Equal("NE", merged[2].GroupKey);
    }

    [Fact]
    public async Task Save_StoresPrediction_UpdatesTheItem_KeepsOfficialLevel_AndALaterCorrectionReplaces()
    {
        var options = new DbContextOptionsBuilder<ScoringDbContext>().UseSqlite($"Data Source={Path.Combine(_dir, "scoring.db")}").Options;
        var db = new Factory(options);
        await using (var ctx = db.CreateDbContext()) await ctx.Database.EnsureCreatedAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var official = new RiskItem { Id = "a", Source = "us-state-dept", Title = "Mali - Level 4", Text = "Do not travel.", Countries = ["ML", "NE"], Language = "en",
            RawLevel = "Level 4: Do Not Travel", OfficialLevel = 5, Level = 5, Severity = 3, Category = RiskCategory.Political, Confidence = 0.6 };
        var news = new RiskItem { Id = "b", Source = "rss", Title = "Protest in Niamey", Text = "Thousands marched.", Countries = ["NE"], Language = "en",
            Level = 2, Severity = 2, Category = RiskCategory.Other, Confidence = 0.5 };
        var index = new ListIndex([official, news]);
        var service = new LabelCorrectionService(db, index, new FixedClassifier(new Classification(RiskCategory.Crime, 0.7, 3, 0.55)), time);

        var first = await service.SaveAsync("a", new LabelInput("terrorism", 4, " attacks in the north "), "ana@example.test", default);
        Assert.Equal(CorrectionStatus.Saved, first.Status);
        var item = (await index.GetAsync("a", default))!;
        Assert.Equal(RiskCategory.TerrorismSecurity, item.Category);
        Assert.Equal(4, item.Severity);
        Assert.Equal(5, item.Level); // the official level stays the effective one
        Assert.Equal((int?)5, item.OfficialLevel);
        Assert.Equal("Level 4: Do Not Travel", item.RawLevel);
        Assert.Equal(1.0, item.Confidence);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(CorrectionStatus.Saved, (await service.SaveAsync("b", new LabelInput("unrest", 3, null), "ana@example.test", default)).Status);
        Assert.Equal(3, (await index.GetAsync("b", default))!.Level); // no official level: the corrected severity is the level
        Assert.Equal(RiskCategory.CivilUnrest, (await index.GetAsync("b", default))!.Category);

        time.Advance(TimeSpan.FromMinutes(5));
        var second = await service.SaveAsync("a", new LabelInput(null, 5, null), "bo@example.test", default);
        var c = second.Correction!;
        Assert.Null(c.Category);
        Assert.Equal(5, c.Severity);
        Assert.Null(c.Note);
        Assert.Equal("bo@example.test", c.Analyst);
        Assert.Equal(("crime", 3, "fixed-1"), (c.PredictedCategory, c.PredictedSeverity, c.ModelVersion));
        Assert.Equal(["ML", "NE"], c.Countries);
        Assert.Equal(time.GetUtcNow(), c.CorrectedAt);

        var (total, list) = await service.ListAsync(0, 10, 600, default);
        Assert.Equal(2, total);
        Assert.Equal(["a", "b"], list.Select(x => x.ItemId)); // newest first
        Assert.Equal(5, (await service.GetAsync("a", default))!.Severity);
        var all = new List<CorrectionRecord>();
        await foreach (var r in service.AllAsync(default)) all.Add(r);
        Assert.Equal(2, all.Count);
    }

    [Theory]
    [InlineData(null, null, "give the right category")]
    [InlineData("riots", null, "unknown category 'riots'")]
    [InlineData(null, 0, "severity 0 is outside 1–5")]
    [InlineData("crime", 6, "severity 6 is outside 1–5")]
    public async Task Save_BadInput_IsInvalidWithReason_UnknownItemIsNotFound(string? category, int? severity, string reason)
    {
        var options = new DbContextOptionsBuilder<ScoringDbContext>().UseSqlite($"Data Source={Path.Combine(_dir, "scoring.db")}").Options;
        var service = new LabelCorrectionService(new Factory(options), new ListIndex([]), new FixedClassifier(new Classification(RiskCategory.Other, 0.1, 1, 0.1)), TimeProvider.System);
        var r = await service.SaveAsync("nope", new LabelInput(category, severity, null), "x", default);
        Assert.Equal(CorrectionStatus.Invalid, r.Status);
        Assert.StartsWith(reason, r.Problem);
        Assert.Equal(CorrectionStatus.NotFound, (await service.SaveAsync("nope", new LabelInput("crime", null, null), "x", default)).Status);
    }

    private sealed class FixedClassifier(Classification answer) : IItemClassifier
    {
        public string ModelVersion => "fixed-1";
        public IReadOnlyList<Classification> Classify(IReadOnlyList<ClassifierInput> items) => items.Select(_ => answer).ToList();
    }
}
