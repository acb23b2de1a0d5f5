using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RiskWatch.Core;
using RiskWatch.Scoring;
using RiskWatch.Web.Api;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Pages;

/// <summary>
/// The analyst's search: free text, facet filters, highlights, sorting, cursor paging, CSV export; analysts correct a
/// hit's category and severity in place (the same <see cref="LabelCorrectionService"/> as <c>PUT /api/items/{id}/label</c>).
/// </summary>
public sealed class SearchModel(IRiskIndex index, LabelCorrectionService corrections) : PageModel
{
    public string Ui { get; private set; } = "zh-CN";
    public ItemsApi.SearchParameters Params { get; private set; } = null!;
    public SearchResult? Result { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The corrections of the hits shown, by item id (for analysts only).</summary>
    public IReadOnlyDictionary<string, CorrectionRecord> Corrections { get; private set; } = new Dictionary<string, CorrectionRecord>();
    public bool CanCorrect => User.IsInRole(Roles.Analyst) || User.IsInRole(Roles.Admin);
    /// <summary>Where a correction form returns to: this page as it is.</summary>
    public string Back => Request.Path + Request.QueryString;

    /// <summary>The outcome of the last correction form (one request long): which item, what to say, whether it failed.</summary>
    [TempData]
    public string? LabelItem { get; set; }
    [TempData]
    public string? LabelMessage { get; set; }
    [TempData]
    public bool LabelFailed { get; set; }

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
            return;
        }
        // Only analysts see who corrected what and the form's current values; everyone sees the mark, from the item itself.
        if (!CanCorrect) return;
        try
        {
            Corrections = await corrections.ForItemsAsync(Result.Hits.Select(h => h.Item.Id).ToList(), ct);
        }
        catch (System.Data.Common.DbException)
        {
            // The correction details are a courtesy: a database that does not answer must not take the search down with it.
        }
    }

    /// <summary>The correction form of one hit; back to the same results, with the outcome in a one-time message.</summary>
    public async Task<IActionResult> OnPostLabelAsync(string id, string? category, int? severity, string? note, string? back, CancellationToken ct)
    {
        if (!CanCorrect) return Forbid();
        var ui = Web.Ui.Language(HttpContext);
        CorrectionOutcome r;
        if (string.IsNullOrWhiteSpace(category) && severity is null) r = new CorrectionOutcome(CorrectionStatus.Invalid, Web.Ui.T(ui, "label.nothing"));
        else
        {
            try
            {
                r = await corrections.SaveAsync(id, new LabelInput(category, severity, note), User.Identity?.Name ?? "unknown", ct);
            }
            catch (IndexUnavailableException ex)
            {
                r = new CorrectionOutcome(CorrectionStatus.Invalid, ex.Message);
            }
        }
        if (r.Status == CorrectionStatus.NotFound) return NotFound();
        LabelItem = id;
        LabelFailed = r.Status != CorrectionStatus.Saved;
        LabelMessage = LabelFailed ? r.Problem : Web.Ui.T(ui, "label.saved");
        return LocalRedirect(back is { Length: > 0 } && Url.IsLocalUrl(back) && back.StartsWith("/search", StringComparison.Ordinal) ? LocalUrls.Ascii(back) : "/search");
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
