using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Collectors;
using RiskWatch.Core;

namespace RiskWatch.Web.Pages;

/// <summary>The dashboard: what is happening now, at a glance.</summary>
public sealed class IndexModel(IRiskIndex index, CollectorRunner runner) : PageModel
{
    public string Ui { get; private set; } = "zh-CN";
    public SearchResult? Latest { get; private set; }
    public SearchResult? CountryLevels { get; private set; }
    public long Total { get; private set; }
    public IReadOnlyList<SourceStatus> Sources { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Ui = Web.Ui.Language(HttpContext);
        Sources = await runner.GetStatusesAsync(ct);
        try
        {
            Total = await index.CountAsync(ct);
            Latest = await index.SearchAsync(new SearchQuery { MinLevel = 4, Sort = SearchSort.Newest, Size = 10, Highlight = false }, ct);
            CountryLevels = await index.SearchAsync(new SearchQuery { Sort = SearchSort.Severity, Size = 1, Highlight = false }, ct);
        }
        catch (IndexUnavailableException ex)
        {
            Error = ex.Message;
        }
    }
}
