using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RiskWatch.Web.Hosting.Schema;

namespace RiskWatch.Web.Hosting;

/// <summary>
/// Brings the shared database (SQLite or PostgreSQL) to the current schema at start: the numbered scripts of
/// <see cref="SchemaMigrator"/>, then a check of every module's EF model against the database. Tables that exist are
/// left alone, so restarting never loses data.
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
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger<DatabaseInitializer>();
        var contexts = services.GetRequiredService<ContextTypes>().Types
            .Select(t => scope.ServiceProvider.GetService(t)).OfType<DbContext>().ToList();
        if (contexts.Count == 0) return;

        // Every module's context points at the same database: the scripts run once, over the first one's connection.
        var first = contexts[0];
        var postgres = first.Database.IsNpgsql();
        if (!postgres) await first.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        var applied = await SchemaMigrator.MigrateAsync(first.Database.GetDbConnection(), postgres, services.GetService<TimeProvider>() ?? TimeProvider.System, ct);
        if (applied.Count > 0) Log.SchemaApplied(log, string.Join(", ", applied), postgres ? "PostgreSQL" : "SQLite");

        foreach (var db in contexts)
        {
            var missing = await SchemaMigrator.MissingFromDatabase(db, ct);
            if (missing.Count == 0) continue;
            var columns = missing.Where(m => m.Contains('.', StringComparison.Ordinal)).ToList();
            if (columns.Count > 0)
                throw new InvalidOperationException($"the database lacks columns of {db.GetType().Name}: {string.Join(", ", columns)}. " +
                    "Add a numbered script for each provider under src/Web/Hosting/Schema/ (sqlite and postgres) that adds them.");
            // A whole table a module added without a script yet: created from its model (never altered) so development goes on;
            // the schema tests fail until the scripts have it.
            Log.TablesWithoutScript(log, db.GetType().Name, string.Join(", ", missing), SchemaMigrator.ModelDdl(db, missing));
            await CreateMissingTablesAsync(db, ct);
        }
    }

    private static async Task CreateMissingTablesAsync(DbContext db, CancellationToken ct)
    {
        var script = IfNotExists().Replace(db.Database.GenerateCreateScript(), m => m.Value + "IF NOT EXISTS ");
        foreach (var statement in script.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (statement.Length == 0 || statement.StartsWith("--") && !statement.Contains("CREATE")) continue;
#pragma warning disable EF1002 // the script is EF's own DDL, not user input
            await db.Database.ExecuteSqlRawAsync(statement, ct);
#pragma warning restore EF1002
        }
    }

    [GeneratedRegex(@"CREATE (UNIQUE )?(TABLE|INDEX) (?!IF NOT EXISTS)")]
    private static partial Regex IfNotExists();

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Database schema: applied version(s) {Versions} on {Provider}")]
        public static partial void SchemaApplied(ILogger logger, string versions, string provider);

        [LoggerMessage(EventId = 9002, Level = LogLevel.Warning,
            Message = "{Context} has tables no schema script creates ({Tables}); created them from the model. Add a numbered script under src/Web/Hosting/Schema/ for each provider, from:\n{Ddl}")]
        public static partial void TablesWithoutScript(ILogger logger, string context, string tables, string ddl);
    }
}
