using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RiskWatch.Scoring;
using RiskWatch.Scoring.Country;
using RiskWatch.Web.Cli;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Web.Tests;

/// <summary>The <c>train</c> verb learns from analysts' corrections: an export file, or the database's when no file is named.</summary>
public sealed class TrainCorrectionsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "riskwatch-tests", "train-" + Guid.NewGuid().ToString("n"));

    public TrainCorrectionsTests() => Directory.CreateDirectory(Path.Combine(_dir, "captures"));

    public void Dispose() => RiskWatchApp.DeleteData(_dir);

    private static readonly string[] Calm =
    [
        "The situation in the capital is calm and daily life goes on as usual. Markets, schools and offices are open and public transport runs on its normal timetable.",
        "Visitors report no incidents this month. Roads between the main towns are in good repair, hotels are operating and the airport keeps its regular schedule of flights.",
    ];

    private static readonly string[] Violent =
    [
        "Armed groups attacked a military camp near the northern border, killing dozens of soldiers. Gunmen later ambushed a convoy and kidnapped several foreign engineers.",
        "Militants set off car bombs in two market towns and burned villages in the east. Thousands of families fled the fighting and the authorities declared a curfew.",
    ];

    /// <summary>Eight corrections over four countries and two levels, each text long enough to train on.</summary>
    private static List<CorrectionRecord> Records()
    {
        var list = new List<CorrectionRecord>();
        string[] countries = ["ML", "NE", "TD", "BF"];
        for (int i = 0; i < 8; i++)
        {
            bool violent = i % 2 == 1;
            var texts = violent ? Violent : Calm;
            var text = texts[i / 2 % 2] + " " + texts[(i / 2 + 1) % 2] + $" Report {i} from the field office in the region, checked by the analysts on duty.";
            list.Add(new CorrectionRecord($"item-{i}", "rss", $"Field report {i}", text, "en", [countries[i / 2]],
                violent ? "conflict" : null, violent ? 5 : 1, null, "other", 0.3, 3, 0.4, "seed", "ana@example.test", DateTimeOffset.UnixEpoch.AddDays(i)));
        }
        return list;
    }

    private async Task<JsonElement> TrainAsync(params string[] extra)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration["RiskWatch:DataDirectory"] = _dir;
        builder.AddRiskWatch(demo: false);
        // A twelfth of the seed corpus keeps the category head's training short; severity comes from the corrections alone.
        builder.Services.AddSingleton(new ItemClassifierTrainer(TimeProvider.System) { SeedTexts = SeedCorpus.Load().Where((_, i) => i % 12 == 0).ToList() });
        var outDir = Path.Combine(_dir, "out-" + Guid.NewGuid().ToString("n")[..6]);
        var code = await CliVerbs.RunAsync(builder, ["train", "--data", Path.Combine(_dir, "captures"), "--out", outDir, .. extra]);
        Assert.Equal(0, code);
        var metrics = Directory.GetFiles(outDir, "metrics.json", SearchOption.AllDirectories).First(f => !f.Contains("current", StringComparison.Ordinal));
        return JsonDocument.Parse(File.ReadAllText(metrics)).RootElement;
    }

    [Fact]
    public async Task Train_WithCorrectionsFile_LearnsSeverityAndCategoryFromThem_SkippingAMalformedLine()
    {
        var file = Path.Combine(_dir, "corrections.jsonl");
        var lines = Records().Select(Corrections.ToLine).ToList();
        lines.Insert(3, "{\"title\": \"cut off");
        File.WriteAllLines(file, lines);
        var seed = SeedCorpus.Load().Where((_, i) => i % 12 == 0).Count();

        var m = await TrainAsync("--corrections", file);

        Assert.Equal(8, m.GetProperty("severityItems").GetInt32());
        Assert.Equal(4, m.GetProperty("severityGroups").GetInt32());
        Assert.Equal(seed + 4, m.GetProperty("categoryItems").GetInt32());
    }

    [Fact]
    public async Task Train_WithoutTheOption_ReadsTheCorrectionsInTheDatabase()
    {
        await using (var app = new RiskWatchApp(dataDirectory: _dir))
        {
            _ = app.Services; // starts the app: the tables exist
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<ScoringDbContext>>().CreateDbContextAsync();
            foreach (var r in Records())
                db.LabelCorrections.Add(new LabelCorrection
                {
                    ItemId = r.ItemId, Source = r.Source, Title = r.Title, Text = r.Text, Language = r.Language, Countries = string.Join(',', r.Countries),
                    Category = r.Category, Severity = r.Severity, PredictedCategory = "other", ModelVersion = "seed", Analyst = "ana@example.test",
                    CorrectedUtc = r.CorrectedAt!.Value.UtcDateTime,
                });
            await db.SaveChangesAsync();
        }

        var m = await TrainAsync();

        Assert.Equal(8, m.GetProperty("severityItems").GetInt32());
    }
}
