using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Web.Api;

/// <summary>The country table and each country's risk: <c>GET /api/countries</c>, <c>GET /api/countries/{code}</c>.</summary>
public static class CountriesApi
{
    public sealed record CountryDto(string Iso2, string Iso3, string? Fips, string NameEn, string NameZh);

    public sealed record CountryLevel(string Iso2, string Name, int Level);

    /// <summary>Country → highest item level, from five facet queries (one per level, highest first).</summary>
    public static async Task<Dictionary<string, int>> CurrentLevelsAsync(IRiskIndex index, CancellationToken ct)
    {
        var levels = new Dictionary<string, int>();
        for (int level = RiskLevels.Max; level >= RiskLevels.Min; level--)
        {
            var r = await index.SearchAsync(new SearchQuery { MinLevel = level, Size = 1, Highlight = false }, ct);
            if (r.Facets.TryGetValue("country", out var countries))
                foreach (var c in countries.Keys) levels.TryAdd(c, level);
        }
        return levels;
    }

    public static void MapCountriesApi(this WebApplication app)
    {
        var g = app.MapGroup("/api/countries").WithTags("Countries");
        g.MapGet("/", () => TypedResults.Ok(CountryTable.All.Select(c => new CountryDto(c.Iso2, c.Iso3, c.Fips, c.NameEn, c.NameZh))))
            .WithSummary("Every country and territory with its ISO, FIPS 10-4, English and Chinese names");
        g.MapGet("/levels", async (IRiskIndex index, HttpContext ctx, CancellationToken ct) =>
            {
                var ui = Ui.Language(ctx);
                return TypedResults.Ok((await CurrentLevelsAsync(index, ct))
                    .Select(kv => new CountryLevel(kv.Key, CountryTable.ByIso2(kv.Key)?.Name(ui) ?? kv.Key, kv.Value)).ToList());
            })
            .WithSummary("Each country's current level: the highest level among its items in the index (for the map)");
        g.MapGet("/{code}/risk", async (string code, RiskWatch.Scoring.Country.CountryRiskService risk, CancellationToken ct) =>
                CountryTable.Resolve(code) is { } c
                    ? Results.Ok(await risk.ScoreAsync(c.Iso2, ct))
                    : Results.Problem($"no country '{code}'", statusCode: 404, title: "Not found"))
            .WithSummary("The country's risk: score 0–100, level 1–5, sub-scores per category, drivers, official levels side by side");
        g.MapGet("/{code}/history", async (string code, DateOnly? from, DateOnly? to, RiskWatch.Scoring.Country.CountryRiskService risk, TimeProvider time, CancellationToken ct) =>
            {
                if (CountryTable.Resolve(code) is not { } c) return Results.Problem($"no country '{code}'", statusCode: 404, title: "Not found");
                var end = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                var snapshots = await risk.HistoryAsync(c.Iso2, from ?? end.AddDays(-90), end, ct);
                return Results.Ok(snapshots.Select(sn => new { day = sn.Day, score = sn.Score, level = sn.Level }));
            })
            .WithSummary("Daily snapshots of the country's score (the trend)");
        g.MapGet("/{code}", (string code) => CountryTable.Resolve(code) is { } c
                ? Results.Ok(new CountryDto(c.Iso2, c.Iso3, c.Fips, c.NameEn, c.NameZh))
                : Results.Problem($"no country '{code}' (use ISO alpha-2, alpha-3 or a name)", statusCode: 404, title: "Not found"))
            .WithSummary("One country by ISO alpha-2, alpha-3 or name");
    }
}
