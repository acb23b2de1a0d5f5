using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using RiskWatch.Core;
using RiskWatch.Core.Countries;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Api;

/// <summary>
/// <c>POST /api/classify</c>: the classifier on one text, as the ingest pipeline runs it on batches. Analysts only (like
/// every analyst tool): a prediction costs CPU, and anonymous callers could keep both cores busy with megabyte texts.
/// </summary>
public static class ClassifyApi
{
    /// <summary>Largest title plus text, in UTF-8 bytes.</summary>
    public const int MaxTextBytes = 1024 * 1024;

    // Room for a 1 MB text written with \uXXXX escapes (six bytes per character), and the rest of the body.
    private const long MaxBodyBytes = 8L * 1024 * 1024;

    private const string Example = """{"title": "…", "text": "…", "language": "zh", "countries": ["ML"]}""";

    /// <summary>
    /// The text to judge. <c>language</c> is zh or en (detected when left out); <c>countries</c> are ISO-2 codes or names, main
    /// country first; <c>source</c>, optional, is the publisher's source id (a model may hold a severity head per publisher).
    /// </summary>
    public sealed record ClassifyRequest(string? Title, string? Text, string? Language, IReadOnlyList<string>? Countries, string? Source = null);

    /// <summary>The prediction: category key and name (in the request's interface language), severity 1–5, confidences, the classifier's note and model.</summary>
    public sealed record ClassifyResponse(string Category, string CategoryName, double CategoryConfidence, int Severity, double SeverityConfidence,
        string? Note, string ModelVersion);

    public static void MapClassifyApi(this WebApplication app)
    {
        app.MapPost("/api/classify", ClassifyAsync).WithTags("Scoring").RequireAuthorization(Roles.Analyst)
            .Accepts<ClassifyRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Classify one text: category and severity (1–5) with confidences, as ingest would; title and text up to 1 MB (Analyst)");
    }

    private static async Task<Results<Ok<ClassifyResponse>, ProblemHttpResult>> ClassifyAsync(HttpContext ctx, IItemClassifier classifier, CancellationToken ct)
    {
        try
        {
            var input = ToInput(await JsonBody.ReadAsync<ClassifyRequest>(ctx.Request, MaxBodyBytes, Example, ct));
            var c = classifier.Classify([input])[0];
            var ui = Ui.Language(ctx);
            return TypedResults.Ok(new ClassifyResponse(c.Category.Key(), c.Category.DisplayName(ui), Math.Round(c.CategoryConfidence, 3),
                c.Severity, Math.Round(c.SeverityConfidence, 3), c.Note, classifier.ModelVersion));
        }
        catch (BadRequestException ex)
        {
            return ItemsApi.Problem(ex);
        }
    }

    /// <summary>The classifier's input from a request; what cannot be used is a <see cref="BadRequestException"/>.</summary>
    internal static ClassifierInput ToInput(ClassifyRequest r)
    {
        string title = r.Title ?? "", text = r.Text ?? "";
        if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(text)) throw new BadRequestException("give a title, a text or both");
        if (Encoding.UTF8.GetByteCount(title) + Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
            throw new BadRequestException("title and text together are larger than 1 MB; send the part that matters");
        var language = r.Language?.Trim() switch
        {
            null or "" => TextTools.DetectLanguage(title + " " + text),
            var l when l.StartsWith("zh", StringComparison.OrdinalIgnoreCase) => "zh",
            var l when l.StartsWith("en", StringComparison.OrdinalIgnoreCase) => "en",
            var l => throw new BadRequestException($"language '{l}' is not zh or en; leave it out to have it detected"),
        };
        var countries = (r.Countries ?? []).Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => CountryTable.Resolve(c)?.Iso2 ?? throw new BadRequestException($"unknown country '{c}'; use an ISO code (ML, MLI) or a name (Mali, 马里)"))
            .Distinct().ToList();
        return new ClassifierInput(title, text, language, countries, string.IsNullOrWhiteSpace(r.Source) ? null : r.Source.Trim());
    }
}
