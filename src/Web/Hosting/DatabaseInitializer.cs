using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts;
using RiskWatch.Collectors;
using RiskWatch.Scoring;

namespace RiskWatch.Web.Hosting;

/// <summary>
/// Creates every module's tables at start (each module owns its own DbContext over the same database).
/// Tables that exist are left alone, so restarting never loses data.
/// </summary>
internal sealed partial class DatabaseInitializer(IServiceProvider services) : IHostedService
{
    internal static readonly Type[] Contexts = [typeof(CollectorsDbContext), typeof(AlertsDbContext), typeof(ScoringDbContext), typeof(WebDbContext)];

    public Task StartAsync(CancellationToken ct) => EnsureTablesAsync(services, ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public static async Task EnsureTablesAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        foreach (var type in Contexts)
        {
            if (scope.ServiceProvider.GetService(type) is not DbContext db) continue;
            if (db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            var script = IfNotExists().Replace(db.Database.GenerateCreateScript(), m => m.Value + "IF NOT EXISTS ");
            foreach (var statement in script.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (statement.Length == 0 || statement.StartsWith("--") && !statement.Contains("CREATE")) continue;
#pragma warning disable EF1002 // the script is EF's own DDL, not user input
                await db.Database.ExecuteSqlRawAsync(statement, ct);
#pragma warning restore EF1002
            }
        }
    }

    [GeneratedRegex(@"CREATE (UNIQUE )?(TABLE|INDEX) (?!IF NOT EXISTS)")]
    private static partial Regex IfNotExists();
}
