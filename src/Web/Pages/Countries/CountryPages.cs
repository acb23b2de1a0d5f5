using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Alerts;
using RiskWatch.Core;
using RiskWatch.Core.Countries;
using RiskWatch.Web.Api;

namespace RiskWatch.Web.Pages.Countries;

/// <summary>Every country with its current level, most severe first.</summary>
public sealed class IndexModel(IRiskIndex index) : PageModel
{
    public IReadOnlyList<(Country Country, int Level)> Levels { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var levels = await CountriesApi.CurrentLevelsAsync(index, ct);
        Levels = levels.Select(kv => (CountryTable.ByIso2(kv.Key)!, kv.Value)).Where(x => x.Item1 is not null)
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Item1.NameEn).ToList();
    }
}

/// <summary>One country: every publisher's official level side by side on RiskWatch's scale, recent items, advisories and cases.</summary>
public sealed class CountryModel(IRiskIndex index, AdvisoryService advisories, RiskWatch.Scoring.Country.CountryRiskService risk, TimeProvider time) : PageModel
{
    public Country? Country { get; private set; }
    public IReadOnlyList<RiskItem> Recent { get; private set; } = [];
    public IReadOnlyList<AdvisoryView> Advisories { get; private set; } = [];
    public IReadOnlyDictionary<string, long> Categories { get; private set; } = new Dictionary<string, long>();
    public IReadOnlyList<HistogramBucket> Histogram { get; private set; } = [];
    public RiskWatch.Scoring.Country.CountryRisk? Risk { get; private set; }
    public IReadOnlyList<RiskWatch.Scoring.Country.CountryRiskSnapshot> Trend { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        Country = CountryTable.Resolve(code);
        if (Country is null) return NotFound();
        var all = await index.SearchAsync(new SearchQuery { Countries = [Country.Iso2], Sort = SearchSort.Newest, Size = 100, Highlight = false, HistogramInterval = "week" }, ct);
        Recent = all.Hits.Select(h => h.Item).Take(20).ToList();
        Categories = all.Facets.GetValueOrDefault("category") ?? new Dictionary<string, long>();
        Histogram = all.Histogram;
        Advisories = await advisories.ListAsync(null, "published", Country.Iso2, 0, 20, ct);
        Risk = await risk.ScoreAsync(Country.Iso2, ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Trend = await risk.HistoryAsync(Country.Iso2, today.AddDays(-90), today, ct);
        return Page();
    }
}
