using System.Security.Claims;
using RiskWatch.Collectors;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Api;

/// <summary>
/// Sources and their state: <c>GET /api/sources</c>; Admin: run now, enable or disable (<c>PATCH</c>), add a generic rss/json/html
/// source (<c>POST</c>) and remove one that was added (<c>DELETE</c>). The configuration is the default; the stored admin choice overrides it.
/// </summary>
public static class SourcesApi
{
    /// <summary>The body of <c>PATCH /api/sources/{id}</c>.</summary>
    public sealed record SourcePatch(bool? Enabled);

    public static void MapSourcesApi(this WebApplication app)
    {
        var g = app.MapGroup("/api/sources").WithTags("Sources");
        g.MapGet("/", async (CollectorRunner runner, CancellationToken ct) => TypedResults.Ok(await runner.GetStatusesAsync(ct)))
            .WithSummary("Every source with its state: last run, last success, last error and its reason, items, bytes, duration, enabled and by whom");
        g.MapGet("/{id}", async (string id, CollectorRunner runner, CancellationToken ct) =>
                await StatusAsync(runner, id, ct) is { } s ? Results.Ok(s) : NotFound(id))
            .WithSummary("One source with its state");
        g.MapPost("/{id}/run", async (string id, SourceRegistry registry, CollectorRunner runner, CancellationToken ct) =>
                registry.Get(id) is null ? NotFound(id) : Results.Ok(await runner.RunAsync(id, ct)))
            .RequireAuthorization(Roles.Admin)
            .WithSummary("Run one source now, enabled or not (Admin)");
        g.MapPatch("/{id}", PatchAsync).RequireAuthorization(Roles.Admin)
            .WithSummary("Enable or disable a source: {\"enabled\": false}. Stored; overrides the configuration; the schedule obeys at once (Admin)");
        g.MapPost("/", AddAsync).RequireAuthorization(Roles.Admin)
            .WithSummary("Add a generic source: {\"id\",\"name\",\"kind\":\"rss|json|html\",\"url\",\"cron\"|\"intervalMinutes\",\"countries\",\"item\",\"title\",…} (Admin)");
        g.MapDelete("/{id}", RemoveAsync).RequireAuthorization(Roles.Admin)
            .WithSummary("Remove a source added by an admin; built-in and configured sources can only be disabled (409) (Admin)");
    }

    private static async Task<SourceStatus?> StatusAsync(CollectorRunner runner, string id, CancellationToken ct) =>
        (await runner.GetStatusesAsync(ct)).FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    private static IResult NotFound(string id) => Results.Problem($"no source '{id}'", statusCode: 404, title: "Not found");

    private static string? Who(ClaimsPrincipal user) => user.Identity?.Name;

    private static async Task<IResult> PatchAsync(string id, SourcePatch? patch, ClaimsPrincipal user, CollectorRunner runner, CancellationToken ct)
    {
        if (patch?.Enabled is not { } enabled)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["enabled"] = ["give \"enabled\": true or false"] }, title: "Not valid");
        var r = await runner.Catalog.SetEnabledAsync(id, enabled, Who(user), ct);
        return r.Status == SourceChangeStatus.Done ? Results.Ok(await StatusAsync(runner, id, ct)) : Result(r, id);
    }

    private static async Task<IResult> AddAsync(NewSource? input, ClaimsPrincipal user, CollectorRunner runner, CancellationToken ct)
    {
        if (input is null) return Results.Problem("send the new source as JSON", statusCode: 400, title: "Not valid");
        var r = await runner.Catalog.AddAsync(input, Who(user), ct);
        if (r.Status != SourceChangeStatus.Done) return Result(r, input.Id ?? "");
        var id = input.Id!.Trim().ToLowerInvariant();
        return Results.Created($"/api/sources/{id}", await StatusAsync(runner, id, ct));
    }

    private static async Task<IResult> RemoveAsync(string id, ClaimsPrincipal user, CollectorRunner runner, CancellationToken ct)
    {
        var r = await runner.Catalog.RemoveAsync(id, Who(user), ct);
        return r.Status == SourceChangeStatus.Done ? Results.NoContent() : Result(r, id);
    }

    private static IResult Result(SourceChangeResult r, string id) => r.Status switch
    {
        SourceChangeStatus.NotFound => NotFound(id),
        SourceChangeStatus.NotRemovable => Results.Problem(r.Message, statusCode: 409, title: "Cannot be removed"),
        _ => Results.ValidationProblem(r.Errors ?? new Dictionary<string, string[]>(), title: "The source is not valid"),
    };
}
