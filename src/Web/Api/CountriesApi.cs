using RiskWatch.Core.Countries;

namespace RiskWatch.Web.Api;

/// <summary>The country table and each country's risk: <c>GET /api/countries</c>, <c>GET /api/countries/{code}</c>.</summary>
public static class CountriesApi
{
    public sealed record CountryDto(string Iso2, string Iso3, string? Fips, string NameEn, string NameZh);

    public static void MapCountriesApi(this WebApplication app)
    {
        var g = app.MapGroup("/api/countries").WithTags("Countries");
        g.MapGet("/", () => TypedResults.Ok(CountryTable.All.Select(c => new CountryDto(c.Iso2, c.Iso3, c.Fips, c.NameEn, c.NameZh))))
            .WithSummary("Every country and territory with its ISO, FIPS 10-4, English and Chinese names");
        g.MapGet("/{code}", (string code) => CountryTable.Resolve(code) is { } c
                ? Results.Ok(new CountryDto(c.Iso2, c.Iso3, c.Fips, c.NameEn, c.NameZh))
                : Results.Problem($"no country '{code}' (use ISO alpha-2, alpha-3 or a name)", statusCode: 404, title: "Not found"))
            .WithSummary("One country by ISO alpha-2, alpha-3 or name");
    }
}
