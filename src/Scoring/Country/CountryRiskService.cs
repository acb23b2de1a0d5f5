using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskWatch.Core;
using RiskWatch.Scoring.Models;

namespace RiskWatch.Scoring.Country;

/// <summary>One reason behind a score: how many of the 0–100 points it adds, and the items it comes from.</summary>
public sealed record CountryRiskDriver(string Kind, string Name, double Points, string Detail, IReadOnlyList<string> ItemIds);

/// <summary>A publisher's latest official level for the country.</summary>
public sealed record OfficialLevelView(string Source, string? RawLevel, int Level, DateTimeOffset Published, string ItemId, string Title, string Url);

/// <summary>Severity-weighted item counts in the three windows (no decay inside a window; the score itself uses exponential decay).</summary>
public sealed record EvidenceWindows(double Days7, double Days30, double Days90, int Items);

/// <summary>A country's risk: 0–100 score, 1–5 level, per-category sub-scores, the drivers, and everything it was computed from.</summary>
public sealed record CountryRisk(
    string Country,
    double Score,
    int Level,
    IReadOnlyDictionary<string, double> SubScores,
    IReadOnlyList<CountryRiskDriver> Drivers,
    IReadOnlyList<OfficialLevelView> OfficialLevels,
    double? Consensus,
    EvidenceWindows Evidence,
    IReadOnlyDictionary<string, double> Indicators,
    IReadOnlyDictionary<string, double> Components,
    string Method,
    DateTimeOffset ComputedAt,
    IReadOnlyList<string> Notes);

/// <summary>
/// The country risk index. Three components, each 0–100, combined with fixed weights over those available:
/// official levels (50%: consensus of every publisher's latest level), structural indicators (30%: WGI estimates and an
/// OECD class, or the learned model when one was trained), recent evidence (20%: severity-weighted, time-decayed items of
/// the last 90 days). Level: 0–20 → 1, 20–40 → 2, 40–60 → 3, 60–80 → 4, 80+ → 5.
/// </summary>
public sealed class CountryRiskService(
    IRiskIndex index,
    ICountryIndicators indicators,
    IDbContextFactory<ScoringDbContext> db,
    IOptions<ScoringOptions> options,
    TimeProvider time,
    ILogger<CountryRiskService> log,
    IEnumerable<ICountryLevelListener>? levelListeners = null)
{
    internal const double OfficialWeight = 0.5, StructuralWeight = 0.3, EvidenceWeight = 0.2;
    private static readonly double[] SeverityWeight = [0, 0.05, 0.2, 0.5, 1.0, 2.0];
    private static readonly string[] Wgi = ["PV.EST", "RL.EST", "CC.EST", "GE.EST", "RQ.EST", "VA.EST"];
    private CountryRiskModel? _learned;
    private DateTime _learnedStamp;

    /// <summary>Computes the country's risk now (nothing is stored).</summary>
    public async Task<CountryRisk> ScoreAsync(string country, CancellationToken ct)
    {
        var iso = country.Trim().ToUpperInvariant();
        var now = time.GetUtcNow();
        var notes = new List<string>();
        var drivers = new List<(CountryRiskDriver D, double Raw)>();

        // Official levels: each publisher's latest.
        var recent = await index.SearchAsync(new SearchQuery { Countries = [iso], Sort = SearchSort.Newest, Size = 500, IncludeFacets = false, Highlight = false }, ct);
        var official = recent.Hits.Select(h => h.Item).Where(i => i.OfficialLevel is not null)
            .GroupBy(i => i.Source).Select(g => g.OrderByDescending(i => i.Published).First())
            .Select(i => new OfficialLevelView(i.Source, i.RawLevel, i.OfficialLevel!.Value, i.Published, i.Id, i.Title, i.Url)).OrderBy(o => o.Source, StringComparer.Ordinal).ToList();
        double? consensus = official.Count == 0 ? null : 0.6 * official.Average(o => o.Level) + 0.4 * official.Max(o => o.Level);
        double? officialScore = consensus is double c ? (c - 1) / 4 * 100 : null;
        if (officialScore is null) notes.Add("no publisher states an official level for this country");

        // Evidence: classified items of the last 90 days, advisories excluded (they are the official component).
        var from = now.AddDays(-90);
        var evidenceItems = recent.Hits.Select(h => h.Item).Where(i => i.OfficialLevel is null && i.Published >= from).ToList();
        if (recent.Total > recent.Hits.Count)
        {
            var more = await index.SearchAsync(new SearchQuery { Countries = [iso], From = from, Sort = SearchSort.Severity, Size = 1000, IncludeFacets = false, Highlight = false }, ct);
            evidenceItems = more.Hits.Select(h => h.Item).Where(i => i.OfficialLevel is null).ToList();
        }
        var halfLife = options.Value.EvidenceHalfLifeDays;
        double w7 = 0, w30 = 0, w90 = 0, decayed = 0;
        var byCategory = new Dictionary<RiskCategory, List<(RiskItem Item, double W)>>();
        foreach (var i in evidenceItems)
        {
            var age = Math.Max(0, (now - i.Published).TotalDays);
            var sw = SeverityWeight[RiskLevels.Clamp(i.Severity)] * Math.Max(i.Confidence, 0.3);
            if (age <= 7) w7 += sw;
            if (age <= 30) w30 += sw;
            w90 += sw;
            var w = sw * Math.Pow(2, -age / halfLife);
            decayed += w;
            if (!byCategory.TryGetValue(i.Category, out var l)) byCategory[i.Category] = l = [];
            l.Add((i, w));
        }
        double? evidenceScore = evidenceItems.Count == 0 ? null : 100 * (1 - Math.Exp(-decayed / 8));
        var sub = RiskCategories.All.ToDictionary(k => k.Key(), k => byCategory.TryGetValue(k, out var l) ? Math.Round(100 * (1 - Math.Exp(-l.Sum(x => x.W) / 4)), 1) : 0.0);
        if (evidenceScore is null) notes.Add("no classified items about this country in the last 90 days");

        // Structural: learned model when trained and loadable, else the transparent mean.
        var ind = await indicators.GetAsync(iso, ct);
        if (LearnedModel() is { } trained) ind = trained.Merge(iso, ind);
        var structural = Structural(ind, out var structuralParts, out var method);
        if (structural is null) notes.Add("no structural indicators (World Bank WGI, OECD class) for this country");

        var parts = new List<(string Name, double Weight, double Value)>();
        if (officialScore is double o) parts.Add(("official", OfficialWeight, o));
        if (structural is double s) parts.Add(("structural", StructuralWeight, s));
        if (evidenceScore is double e) parts.Add(("evidence", EvidenceWeight, e));
        double totalWeight = parts.Sum(p => p.Weight);
        double score = totalWeight == 0 ? 0 : parts.Sum(p => p.Weight * p.Value) / totalWeight;
        var components = parts.ToDictionary(p => p.Name, p => Math.Round(p.Value, 1));

        // Drivers: each component's points split over what it is made of.
        if (officialScore is double os && totalWeight > 0)
        {
            double pts = OfficialWeight / totalWeight * os, sumLevels = official.Sum(x => x.Level);
            foreach (var x in official)
                drivers.Add((new CountryRiskDriver("official", x.Source, Math.Round(pts * x.Level / sumLevels, 1),
                    $"{x.Source}: {x.RawLevel ?? x.Level.ToString(CultureInfo.InvariantCulture)} (level {x.Level}, {x.Published:yyyy-MM-dd})", [x.ItemId]), pts * x.Level / sumLevels));
        }
        if (evidenceScore is double es && totalWeight > 0 && decayed > 0)
        {
            double pts = EvidenceWeight / totalWeight * es;
            foreach (var (cat, list) in byCategory)
            {
                var share = list.Sum(x => x.W) / decayed;
                var top = list.OrderByDescending(x => x.W).Take(3).ToList();
                drivers.Add((new CountryRiskDriver("evidence", cat.Key(), Math.Round(pts * share, 1),
                    $"{list.Count} {cat.DisplayName("en").ToLowerInvariant()} items in 90 days; top: {string.Join(" | ", top.Select(t => t.Item.Title))}", top.Select(t => t.Item.Id).ToList()), pts * share));
            }
        }
        if (structural is double ss && totalWeight > 0 && structuralParts.Count > 0)
        {
            double pts = StructuralWeight / totalWeight * ss, sum = structuralParts.Sum(p => p.Value);
            foreach (var (name, value) in structuralParts)
                drivers.Add((new CountryRiskDriver("structural", name, Math.Round(sum == 0 ? 0 : pts * value / sum, 1), $"{name} = {Fmt(ind.GetValueOrDefault(name, double.NaN))} ({method})", []), sum == 0 ? 0 : pts * value / sum));
        }

        var result = new CountryRisk(iso, Math.Round(score, 1), LevelOf(score), sub,
            drivers.OrderByDescending(d => d.Raw).Take(8).Select(d => d.D).ToList(), official, consensus is double cc ? Math.Round(cc, 2) : null,
            new EvidenceWindows(Math.Round(w7, 2), Math.Round(w30, 2), Math.Round(w90, 2), evidenceItems.Count), ind, components,
            method, now, notes);
        Log.CountryScored(log, iso, result.Score, result.Level);
        return result;
    }

    /// <summary>Computes the risk and keeps it as today's snapshot; a level different from the last snapshot is a <see cref="CountryLevelEvent"/>.</summary>
    public async Task<(CountryRisk Risk, CountryLevelEvent? Change)> ScoreAndRecordAsync(string country, CancellationToken ct)
    {
        var risk = await ScoreAsync(country, ct);
        await using var ctx = await db.CreateDbContextAsync(ct);
        var day = DateOnly.FromDateTime(risk.ComputedAt.UtcDateTime);
        var last = await ctx.CountryRiskSnapshots.Where(x => x.Country == risk.Country).OrderByDescending(x => x.Day).FirstOrDefaultAsync(ct);
        CountryLevelEvent? change = null;
        if (last is not null && last.Level != risk.Level)
        {
            change = new CountryLevelEvent
            {
                Country = risk.Country, OldLevel = last.Level, NewLevel = risk.Level, OldScore = last.Score, NewScore = risk.Score,
                AtUtc = risk.ComputedAt.UtcDateTime,
                Summary = string.Join("; ", risk.Drivers.Take(3).Select(d => $"{d.Name} +{d.Points.ToString("F1", CultureInfo.InvariantCulture)}")),
            };
            ctx.CountryLevelEvents.Add(change);
        }
        var today = last is not null && last.Day == day ? last : null;
        if (today is null) { today = new CountryRiskSnapshot { Country = risk.Country, Day = day }; ctx.CountryRiskSnapshots.Add(today); }
        today.Score = risk.Score;
        today.Level = risk.Level;
        today.SubScoresJson = JsonSerializer.Serialize(risk.SubScores);
        today.DriversJson = JsonSerializer.Serialize(risk.Drivers, JsonOpts.Indented);
        today.Method = risk.Method;
        today.ComputedUtc = risk.ComputedAt.UtcDateTime;
        await ctx.SaveChangesAsync(ct);
        if (change is not null)
        {
            // After the snapshot is saved: a listener that fails (mail store down…) is logged and never loses the record.
            var ev = new CountryLevelChange(risk.Country, change.OldLevel, change.NewLevel, change.OldScore, change.NewScore, risk.ComputedAt,
                risk.Drivers.Take(5).Select(d => $"{d.Name} +{d.Points.ToString("F1", CultureInfo.InvariantCulture)} ({d.Detail})").ToList());
            foreach (var listener in levelListeners ?? [])
            {
                try { await listener.OnCountryLevelChangedAsync(ev, ct); }
                catch (Exception ex) when (ex is not OperationCanceledException) { Log.LevelListenerFailed(log, listener.GetType().Name, risk.Country, change.OldLevel, change.NewLevel, ex); }
            }
        }
        return (risk, change);
    }

    /// <summary>The daily snapshots of a country, oldest first.</summary>
    public async Task<IReadOnlyList<CountryRiskSnapshot>> HistoryAsync(string country, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var iso = country.ToUpperInvariant();
        return await ctx.CountryRiskSnapshots.AsNoTracking().Where(x => x.Country == iso && x.Day >= from && x.Day <= to).OrderBy(x => x.Day).ToListAsync(ct);
    }

    /// <summary>Level changes of the country index since a moment, oldest first (what alerts subscribe to).</summary>
    public async Task<IReadOnlyList<CountryLevelEvent>> LevelChangesAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var s = since.UtcDateTime;
        return await ctx.CountryLevelEvents.AsNoTracking().Where(x => x.AtUtc >= s).OrderBy(x => x.AtUtc).ToListAsync(ct);
    }

    public static int LevelOf(double score) => score switch { < 20 => 1, < 40 => 2, < 60 => 3, < 80 => 4, _ => 5 };

    private double? Structural(IReadOnlyDictionary<string, double> ind, out List<(string Name, double Value)> parts, out string method)
    {
        parts = [];
        foreach (var code in Wgi)
            if (ind.TryGetValue(code, out var v))
                parts.Add((code, Math.Clamp((2.5 - v) / 5 * 100, 0, 100) * (code == "PV.EST" ? 2 : 1)));
        if (ind.TryGetValue(CountryRiskModel.OecdIndicator, out var oecd)) parts.Add((CountryRiskModel.OecdIndicator, Math.Clamp(oecd / 7 * 100, 0, 100) * 2));
        method = "formula";
        var model = LearnedModel();
        if (model is not null && model.Predict(ind) is double learned)
        {
            method = "learned:" + model.Version;
            // Drivers of the learned part: the indicators that raise its prediction, by how much.
            parts = model.Contributions(ind).Where(c => c.Delta > 0).Select(c => (c.Feature, c.Delta)).ToList();
            return Math.Clamp(learned / 7 * 100, 0, 100);
        }
        if (parts.Count == 0) return null;
        double weights = parts.Sum(p => p.Name is "PV.EST" or CountryRiskModel.OecdIndicator ? 2.0 : 1.0);
        return parts.Sum(p => p.Value) / weights;
    }

    /// <summary>The learned structural model at &lt;models&gt;/country/model.zip, reloaded when the file changes; null when there is none or it is unusable.</summary>
    private CountryRiskModel? LearnedModel()
    {
        var path = Path.Combine(options.Value.ModelsDirectory, "country", "model.zip");
        if (!File.Exists(path)) return null;
        var stamp = File.GetLastWriteTimeUtc(path);
        if (stamp == _learnedStamp) return _learned;
        _learnedStamp = stamp;
        try { _learned = CountryRiskModel.Load(path); }
        catch (InvalidDataException) { _learned = null; }
        return _learned;
    }

    private static string Fmt(double v) => double.IsNaN(v) ? "?" : v.ToString("0.##", CultureInfo.InvariantCulture);
}
