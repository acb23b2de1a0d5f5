using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using RiskWatch.Core;
using RiskWatch.Scoring;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Api;

/// <summary>
/// Analysts' label corrections: <c>PUT /api/items/{id}/label</c> saves the right category and/or severity of a stored item
/// (training data for <c>train</c>, shown on the item at once); <c>GET /api/corrections</c> lists them and
/// <c>/api/corrections/export.jsonl</c> exports them in the format <c>train --corrections</c> reads. Analysts only, as curation is.
/// </summary>
public static class CorrectionsApi
{
    private const long MaxBodyBytes = 64 * 1024;
    private const string Example = """{"category": "terrorism", "severity": 4, "note": "…"}""";

    /// <summary>The saved correction and the item as the index now shows it.</summary>
    public sealed record LabelResponse(CorrectionRecord Correction, ItemsApi.ItemDto Item);

    public sealed record CorrectionsPage(int Total, int Skip, int Take, IReadOnlyList<CorrectionRecord> Items);

    public static void MapCorrectionsApi(this WebApplication app)
    {
        app.MapPut("/api/items/{id}/label", SaveAsync).WithTags("Corrections").RequireAuthorization(Roles.Analyst)
            .Accepts<LabelInput>("application/json")
            .Produces<LabelResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Correct an item's category and/or severity: {\"category\": \"terrorism\", \"severity\": 4, \"note\": \"…\"}; replaces an earlier correction (Analyst)");
        app.MapGet("/api/items/{id}/label", async (string id, LabelCorrectionService corrections, CancellationToken ct) =>
                await corrections.GetAsync(id, ct) is { } c ? Results.Ok(c) : Results.Problem($"item '{id}' has no correction", statusCode: 404, title: "Not found"))
            .WithTags("Corrections").RequireAuthorization(Roles.Analyst).Produces<CorrectionRecord>()
            .WithSummary("The item's correction, if an analyst saved one (Analyst)");

        var g = app.MapGroup("/api/corrections").WithTags("Corrections").RequireAuthorization(Roles.Analyst);
        // skip and take are read as text: a bad number is a 400 with the reason, not a binding failure (a 500 in Development).
        g.MapGet("/", async Task<Results<Ok<CorrectionsPage>, ProblemHttpResult>> (string? skip, string? take, LabelCorrectionService corrections, CancellationToken ct) =>
        {
            if (!TryInt(skip, 0, out var s) || !TryInt(take, 50, out var t))
                return TypedResults.Problem("skip and take are whole numbers", title: "Bad request", statusCode: 400);
            s = Math.Max(s, 0);
            t = Math.Clamp(t, 1, 200);
            var (total, items) = await corrections.ListAsync(s, t, maxText: 600, ct);
            return TypedResults.Ok(new CorrectionsPage(total, s, t, items));
        }).WithSummary("Corrections, newest first, texts cut to 600 characters; skip and take (at most 200) page through them (Analyst)");
        g.MapGet("/export.jsonl", (LabelCorrectionService corrections, HttpContext ctx) =>
                Results.Stream(async body =>
                {
                    await using var writer = new StreamWriter(body, new UTF8Encoding(false), leaveOpen: true);
                    await foreach (var c in corrections.AllAsync(ctx.RequestAborted))
                        await writer.WriteAsync(Corrections.ToLine(c) + "\n");
                }, "application/x-ndjson; charset=utf-8", "riskwatch-corrections.jsonl"))
            .WithSummary("Every correction with its full text, one JSON object per line, newest first: the input of train --corrections (Analyst)");
    }

    private static bool TryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text) || int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    private static async Task<IResult> SaveAsync(string id, HttpContext ctx, ClaimsPrincipal user, LabelCorrectionService corrections, CancellationToken ct)
    {
        LabelInput req;
        try
        {
            req = await JsonBody.ReadAsync<LabelInput>(ctx.Request, MaxBodyBytes, Example, ct);
        }
        catch (BadRequestException ex)
        {
            return ItemsApi.Problem(ex);
        }
        CorrectionOutcome r;
        try
        {
            r = await corrections.SaveAsync(id, req, user.Identity?.Name ?? "unknown", ct);
        }
        catch (IndexUnavailableException ex)
        {
            return Results.Problem($"the correction is saved, but the item in the index could not be updated: {ex.Message}", statusCode: 503,
                title: "The search index is unavailable");
        }
        return r.Status switch
        {
            CorrectionStatus.Saved => Results.Ok(new LabelResponse(r.Correction!, ItemsApi.ItemDto.From(r.Item!, Ui.Language(ctx), maxText: int.MaxValue))),
            CorrectionStatus.NotFound => Results.Problem(r.Problem, statusCode: 404, title: "Not found"),
            _ => Results.Problem(r.Problem, statusCode: 400, title: "Bad request"),
        };
    }
}
