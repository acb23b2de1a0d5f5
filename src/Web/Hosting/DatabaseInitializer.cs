using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace RiskWatch.Web.Hosting;

/// <summary>
/// Creates every module's tables at start (each module owns its own DbContext over the same database).
/// Tables that exist are left alone, so restarting never loses data.
/// </summary>
internal sealed partial class DatabaseInitializer(IServiceProvider services) : IHostedService
{
    /// <summary>Every DbContext the modules registered, found once at composition time.</summary>
    internal sealed record ContextTypes(IReadOnlyList<Type> Types);

    public static void Register(IServiceCollection services) =>
        services.AddSingleton(new ContextTypes(services.Where(d => typeof(DbContext).IsAssignableFrom(d.ServiceType)).Select(d => d.ServiceType).Distinct().ToList()));

    public Task StartAsync(CancellationToken ct) => EnsureTablesAsync(services, ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public static async Task EnsureTablesAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        foreach (var type in services.GetRequiredService<ContextTypes>().Types)
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
