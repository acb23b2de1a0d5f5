using RiskWatch.Collectors;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Api;

/// <summary>Sources and their state: <c>GET /api/sources</c>; Admin: run now.</summary>
public static class SourcesApi
{
    public static void MapSourcesApi(this WebApplication app)
    {
        var g = app.MapGroup("/api/sources").WithTags("Sources");
        g.MapGet("/", async (CollectorRunner runner, CancellationToken ct) => TypedResults.Ok(await runner.GetStatusesAsync(ct)))
            .WithSummary("Every source with its state: last run, last success, last error and its reason, items, bytes, duration");
        g.MapPost("/{id}/run", async (string id, SourceRegistry registry, CollectorRunner runner, CancellationToken ct) =>
                registry.Get(id) is null
                    ? Results.Problem($"no source '{id}'", statusCode: 404, title: "Not found")
                    : Results.Ok(await runner.RunAsync(id, ct)))
            .RequireAuthorization(Roles.Admin)
            .WithSummary("Run one source now (Admin)");
    }
}
