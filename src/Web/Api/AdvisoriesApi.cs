using System.Security.Claims;
using RiskWatch.Alerts;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Api;

/// <summary>
/// Advisories (预警提示 / 防范建议) at <c>/api/advisories</c> and typical-case notices (典型案例通报) at <c>/api/cases</c>.
/// Anyone reads what is published; Analysts write drafts, preview the e-mail and publish.
/// </summary>
public static class AdvisoriesApi
{
    /// <summary>The request body; <c>body</c> is accepted as a short name for <c>bodyMarkdown</c>.</summary>
    public sealed record AdvisoryRequest(string? Kind, string? Title, string? BodyMarkdown, string? Body, IReadOnlyList<string>? Countries,
        IReadOnlyList<string>? Categories, IReadOnlyList<string>? ItemIds)
    {
        public AdvisoryInput ToInput(string defaultKind) => new()
        {
            Kind = Kind ?? defaultKind, Title = Title, BodyMarkdown = BodyMarkdown ?? Body, Countries = Countries, Categories = Categories, ItemIds = ItemIds,
        };
    }

    public static void MapAdvisoriesApi(this WebApplication app)
    {
        Map(app, "/api/advisories", "Advisories", ["advisory", "prevention"], "advisory");
        Map(app, "/api/cases", "Cases", ["case"], "case");
    }

    private static void Map(WebApplication app, string prefix, string tag, string[] kinds, string defaultKind)
    {
        var g = app.MapGroup(prefix).WithTags(tag);
        g.MapGet("/", async (string? status, string? country, int? skip, int? take, ClaimsPrincipal user, AdvisoryService s, CancellationToken ct) =>
        {
            // Drafts are the analysts' work in progress.
            var canSeeDrafts = user.IsInRole(Roles.Analyst) || user.IsInRole(Roles.Admin);
            var effective = canSeeDrafts ? status : "published";
            return TypedResults.Ok(await s.ListAsync(kinds, effective, country, skip ?? 0, Math.Clamp(take ?? 50, 1, 200), ct));
        }).WithSummary("List (published ones for everyone; drafts too for Analysts)");
        g.MapGet("/{id:long}", async (long id, ClaimsPrincipal user, AdvisoryService s, CancellationToken ct) =>
        {
            var a = await s.GetAsync(id, ct);
            var visible = a is not null && kinds.Contains(a.Kind) && (a.Status == "published" || user.IsInRole(Roles.Analyst) || user.IsInRole(Roles.Admin));
            return visible ? Results.Ok(a) : Results.Problem($"no {tag.ToLowerInvariant().TrimEnd('s')} {id}", statusCode: 404, title: "Not found");
        }).WithSummary("One, by id");
        g.MapPost("/", async (AdvisoryRequest req, ClaimsPrincipal user, AdvisoryService s, CancellationToken ct) =>
                ToResult(await s.CreateDraftAsync(req.ToInput(defaultKind), user.Identity?.Name, ct), created: true, prefix))
            .RequireAuthorization(Roles.Analyst).WithSummary("Create a draft (Analyst)");
        g.MapPut("/{id:long}", async (long id, AdvisoryRequest req, AdvisoryService s, CancellationToken ct) =>
                ToResult(await s.UpdateAsync(id, req.ToInput(defaultKind), ct), created: false, prefix))
            .RequireAuthorization(Roles.Analyst).WithSummary("Edit a draft (Analyst)");
        g.MapGet("/{id:long}/preview", async (long id, string? lang, AdvisoryService s, CancellationToken ct) =>
                await s.PreviewAsync(id, lang ?? "zh-CN", ct) is { } p ? Results.Ok(p) : Results.Problem($"no draft {id}", statusCode: 404, title: "Not found"))
            .RequireAuthorization(Roles.Analyst).WithSummary("The e-mail as subscribers would receive it (Analyst)");
        g.MapPost("/{id:long}/publish", async (long id, AdvisoryService s, CancellationToken ct) =>
                ToResult(await s.PublishAsync(id, ct), created: false, prefix))
            .RequireAuthorization(Roles.Analyst).WithSummary("Publish and e-mail matching subscribers (Analyst)");
    }

    private static IResult ToResult(AdvisoryResult r, bool created, string prefix) => r.Status switch
    {
        AdvisoryStatus.Ok when created => Results.Created($"{prefix}/{r.Advisory!.Id}", r.Advisory),
        AdvisoryStatus.Ok => Results.Ok(r.Advisory),
        AdvisoryStatus.NotFound => Results.Problem("not found", statusCode: 404, title: "Not found"),
        AdvisoryStatus.AlreadyPublished => Results.Problem("already published; published notices are not edited", statusCode: 409, title: "Conflict"),
        _ => Results.ValidationProblem(r.Errors ?? new Dictionary<string, string[]>(), title: "Not valid"),
    };
}
