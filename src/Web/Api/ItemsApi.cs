using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Web.Api;

/// <summary>Search over everything collected: <c>GET /api/items</c>, <c>GET /api/items/{id}</c>, CSV export.</summary>
public static class ItemsApi
{
    public static void MapItemsApi(this WebApplication app)
    {
        var g = app.MapGroup("/api/items").WithTags("Items");
        g.MapGet("/", SearchAsync).WithSummary("Search items with filters, facets, a date histogram and a search-after cursor");
        g.MapGet("/export.csv", ExportAsync).WithSummary("The current search result as CSV (UTF-8 with BOM, opens in Excel)");
        g.MapGet("/{id}", GetAsync).WithSummary("One item by id");
    }

    /// <summary>The query string of a search, shared by the API, the CSV export and the search page.</summary>
    public sealed record SearchParameters(string? Q, string? Country, string? Category, string? MinLevel, string? MaxLevel, string? Source,
        string? From, string? To, string? Lang, string? Sort, string? Size, string? Cursor, string? Histogram)
    {
        public static ValueTask<SearchParameters?> BindAsync(HttpContext ctx)
        {
            var q = ctx.Request.Query;
            return ValueTask.FromResult<SearchParameters?>(new SearchParameters(q["q"], Join(q["country"]), Join(q["category"]),
                q["minLevel"], q["maxLevel"], Join(q["source"]), q["from"], q["to"], q["lang"], q["sort"], q["size"],
                q["cursor"], q["histogram"]));
        }

        private static string? Join(Microsoft.Extensions.Primitives.StringValues v) => v.Count == 0 ? null : string.Join(',', v.ToArray());
        private static int? Int(string? s) => int.TryParse(s, out var i) ? i : s is { Length: > 0 } ? throw new BadRequestException($"'{s}' is not a whole number") : null;

        /// <summary>Turns the parameters into an index query; a bad value is a <see cref="BadRequestException"/>.</summary>
        public SearchQuery ToQuery(int maxSize = 100)
        {
            var countries = Split(Country).Select(c => CountryTable.Resolve(c)?.Iso2 ?? throw new BadRequestException($"unknown country '{c}'")).ToList();
            var categories = Split(Category).Select(c => RiskCategories.Parse(c) ?? throw new BadRequestException(
                $"unknown category '{c}'; use one of {string.Join(", ", RiskCategories.All.Select(x => x.Key()))}")).ToList();
            int? minLevel = Int(MinLevel), maxLevel = Int(MaxLevel);
            if (minLevel is < 1 or > 5 || maxLevel is < 1 or > 5) throw new BadRequestException("levels run from 1 to 5");
            var sort = Sort?.ToLowerInvariant() switch
            {
                null or "" or "relevance" => SearchSort.Relevance,
                "newest" or "date" => SearchSort.Newest,
                "severity" or "level" => SearchSort.Severity,
                _ => throw new BadRequestException($"unknown sort '{Sort}'; use relevance, newest or severity"),
            };
            if (Histogram is { Length: > 0 } h && h is not ("day" or "week")) throw new BadRequestException("histogram is day or week");
            return new SearchQuery
            {
                Text = Q,
                Countries = countries,
                Categories = categories,
                MinLevel = minLevel,
                MaxLevel = maxLevel,
                Sources = Split(Source).ToList(),
                From = ParseDate(From),
                To = ParseDate(To),
                Language = string.IsNullOrEmpty(Lang) ? null : Lang,
                Sort = sort,
                Size = Math.Clamp(Int(Size) ?? 20, 1, maxSize),
                Cursor = string.IsNullOrEmpty(Cursor) ? null : Cursor,
                HistogramInterval = string.IsNullOrEmpty(Histogram) ? "day" : Histogram,
            };
        }

        private static IEnumerable<string> Split(string? s) =>
            (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>A date or time from a query string (UTC unless it says otherwise); a bad one is a <see cref="BadRequestException"/>.</summary>
    internal static DateTimeOffset? ParseDate(string? s) =>
        string.IsNullOrEmpty(s) ? null
        : DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d
        : throw new BadRequestException($"'{s}' is not a date (use 2026-11-27 or an ISO 8601 time)");

    public sealed record ItemDto(string Id, string Source, string Title, string Url, string Text, DateTimeOffset Published, DateTimeOffset Collected,
        string? RawLevel, int? OfficialLevel, int Level, string LevelName, IReadOnlyList<string> Countries, IReadOnlyList<string> CountryNames,
        string Language, string Category, string CategoryName, int Severity, double Confidence, string ModelVersion,
        IReadOnlyList<RegionLevel> Regions, HighlightDto? Highlight, string? CorrectedBy = null)
    {
        public static ItemDto From(RiskItem i, string ui = "zh-CN", SearchHit? hit = null, int maxText = 600) => new(i.Id, i.Source, i.Title, i.Url,
            i.Text.Length > maxText ? i.Text[..maxText] + "…" : i.Text, i.Published, i.Collected, i.RawLevel, i.OfficialLevel, i.Level,
            RiskLevels.Name(i.Level, ui), i.Countries, i.Countries.Select(c => CountryTable.ByIso2(c)?.Name(ui) ?? c).ToList(),
            i.Language, i.Category.Key(), i.Category.DisplayName(ui), i.Severity, Math.Round(i.Confidence, 3), i.ModelVersion, i.Regions,
            hit is { TitleHighlight: not null } or { TextHighlight: not null } ? new HighlightDto(hit.TitleHighlight, hit.TextHighlight) : null,
            i.CorrectedBy);
    }

    /// <summary>HTML fragments: the item's text escaped, with matches wrapped in &lt;mark&gt;.</summary>
    public sealed record HighlightDto(string? Title, string? Text);

    public sealed record SearchResponse(IReadOnlyList<ItemDto> Items, long Total, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Facets,
        IReadOnlyList<HistogramBucket> Histogram, string? Next);

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(SearchParameters p, IRiskIndex index, HttpContext ctx, CancellationToken ct)
    {
        var ui = Ui.Language(ctx);
        return await Guard(async () =>
        {
            var r = await index.SearchAsync(p.ToQuery(), ct);
            return TypedResults.Ok(new SearchResponse(r.Hits.Select(h => ItemDto.From(h.Item, ui, h)).ToList(), r.Total, r.Facets, r.Histogram, r.Next));
        });
    }

    private static async Task<Results<Ok<ItemDto>, NotFound<ProblemDetailsLite>>> GetAsync(string id, IRiskIndex index, HttpContext ctx, CancellationToken ct) =>
        await index.GetAsync(id, ct) is { } item
            ? TypedResults.Ok(ItemDto.From(item, Ui.Language(ctx), maxText: int.MaxValue))
            : TypedResults.NotFound(new ProblemDetailsLite("Not found", $"no item with id '{id}'", 404));

    private static async Task<IResult> ExportAsync(SearchParameters p, IRiskIndex index, HttpContext ctx, CancellationToken ct)
    {
        const int maxRows = 10_000;
        var ui = Ui.Language(ctx);
        try
        {
            var query = p.ToQuery(maxSize: 500) with { Size = 500, IncludeFacets = false, Highlight = false, HistogramInterval = null };
            var sb = new StringBuilder();
            sb.Append('\uFEFF').AppendLine(string.Join(',', Ui.T(ui, "csv.header").Split('|')));
            int rows = 0;
            while (rows < maxRows)
            {
                var r = await index.SearchAsync(query, ct);
                foreach (var h in r.Hits)
                {
                    var i = h.Item;
                    sb.AppendLine(string.Join(',', new[]
                    {
                        i.Published.ToString("yyyy-MM-dd"), i.Source, string.Join(' ', i.Countries), string.Join(' ', i.Countries.Select(c => CountryTable.ByIso2(c)?.Name(ui) ?? c)),
                        i.Level.ToString(CultureInfo.InvariantCulture), RiskLevels.Name(i.Level, ui), i.RawLevel ?? "", i.Category.DisplayName(ui), i.Title, i.Url,
                    }.Select(Csv)));
                    rows++;
                }
                if (r.Next is null || r.Hits.Count == 0) break;
                query = query with { Cursor = r.Next };
            }
            return Results.File(Encoding.UTF8.GetBytes(sb.ToString()), "text/csv; charset=utf-8", "riskwatch-items.csv");
        }
        catch (Exception ex) when (ex is BadRequestException or QuerySyntaxException or IndexUnavailableException)
        {
            return Problem(ex);
        }
    }

    /// <summary>CSV field quoting; a leading = + - @ is prefixed so spreadsheet programs never run collected text as a formula.</summary>
    internal static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    internal static async Task<Results<Ok<T>, ProblemHttpResult>> Guard<T>(Func<Task<Ok<T>>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is BadRequestException or QuerySyntaxException or IndexUnavailableException)
        {
            return Problem(ex);
        }
    }

    internal static ProblemHttpResult Problem(Exception ex) => ex switch
    {
        QuerySyntaxException => TypedResults.Problem(ex.Message, title: "The query cannot be parsed", statusCode: 400),
        IndexUnavailableException => TypedResults.Problem(ex.Message, title: "The search index is unavailable", statusCode: 503),
        _ => TypedResults.Problem(ex.Message, title: "Bad request", statusCode: 400),
    };
}

/// <summary>A request value that cannot be used; the API answers 400 with the message.</summary>
public sealed class BadRequestException(string message) : Exception(message);

/// <summary>A small ProblemDetails body for typed 404s.</summary>
public sealed record ProblemDetailsLite(string Title, string Detail, int Status);
