using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Core;
using RiskWatch.Web.Api;

namespace RiskWatch.Web.Pages;

/// <summary>The analyst's search: free text, facet filters, highlights, sorting, cursor paging, CSV export.</summary>
public sealed class SearchModel(IRiskIndex index) : PageModel
{
    public string Ui { get; private set; } = "zh-CN";
    public ItemsApi.SearchParameters Params { get; private set; } = null!;
    public SearchResult? Result { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Ui = Web.Ui.Language(HttpContext);
        Params = (await ItemsApi.SearchParameters.BindAsync(HttpContext))!;
        try
        {
            Result = await index.SearchAsync(Params.ToQuery(), ct);
        }
        catch (Exception ex) when (ex is BadRequestException or QuerySyntaxException or IndexUnavailableException)
        {
            Error = ex.Message;
            if (ex is QuerySyntaxException) Response.StatusCode = 400;
        }
    }

    /// <summary>This page's URL with one parameter changed (null removes it) and the cursor reset.</summary>
    public string With(string key, string? value, bool keepCursor = false)
    {
        var q = Request.Query.Where(p => p.Key != key && p.Key != "ui" && (keepCursor || p.Key != "cursor"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))).ToList();
        if (value is not null) q.Add(new(key, value));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/search", q);
    }

    public bool IsOn(string key, string value) => Request.Query[key].ToString().Split(',').Contains(value, StringComparer.OrdinalIgnoreCase);

    public string FacetLabel(string facet, string key) => facet switch
    {
        "country" => RiskWatch.Core.Countries.CountryTable.ByIso2(key)?.Name(Ui) ?? key,
        "category" => RiskCategories.Parse(key)?.DisplayName(Ui) ?? key,
        "level" => int.TryParse(key, out var l) ? $"{l} · {RiskLevels.Name(l, Ui)}" : key,
        _ => key,
    };
}
