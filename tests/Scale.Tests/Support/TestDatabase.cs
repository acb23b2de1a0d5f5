using Microsoft.EntityFrameworkCore;
using Npgsql;
using RiskWatch.Alerts.Data;
using RiskWatch.Collectors.State;
using RiskWatch.Scoring.Country;
using RiskWatch.Web.Hosting;
using Xunit.Abstractions;

namespace RiskWatch.Scale.Tests.Support;

/// <summary>
/// An empty database of one provider for one test: a SQLite file in a temp folder, or a fresh database on the
/// PostgreSQL server named by <c>RISKWATCH_PG</c> (scripts/test.sh starts one), dropped at the end.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "RISKWATCH_PG";

    public string Provider { get; }
    public string ConnectionString { get; }
    public bool IsPostgres => Provider == "postgres";
    private readonly string? _dir;
    private readonly string? _name;

    private TestDatabase(string provider, string connectionString, string? dir, string? name)
    {
        Provider = provider; ConnectionString = connectionString; _dir = dir; _name = name;
    }

    /// <summary>
    /// A new database, or null (with the reason written to the test output) when the provider is PostgreSQL and
    /// <c>RISKWATCH_PG</c> is not set: the test then returns early.
    /// </summary>
    public static async Task<TestDatabase?> CreateAsync(string provider, ITestOutputHelper output)
    {
        if (provider == "sqlite")
        {
            var dir = Path.Combine(Path.GetTempPath(), "riskwatch-scale-tests", Guid.NewGuid().ToString("n"));
            Directory.CreateDirectory(dir);
            return new TestDatabase(provider, $"Data Source={Path.Combine(dir, "riskwatch.db")};Default Timeout=30", dir, null);
        }
        if (Environment.GetEnvironmentVariable(PostgresVariable) is not { Length: > 0 } admin)
        {
            output.WriteLine($"NOT RUN on PostgreSQL: {PostgresVariable} is not set (a connection string such as " +
                "\"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\"). `bash scripts/test.sh` starts a server and sets it.");
            return null;
        }
        var name = "rw_" + Guid.NewGuid().ToString("n")[..16];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new TestDatabase(provider, cs, null, name);
    }

    public AlertsDbContext Alerts() => new(Options<AlertsDbContext>(o => AlertsDbContext.UseProvider(o, ConnectionString)));
    public CollectorsDbContext Collectors() => new(Options<CollectorsDbContext>(o => CollectorsDbContext.UseProvider(o, ConnectionString)));
    public ScoringDbContext Scoring() => new(Options<ScoringDbContext>(o => ScoringDbContext.UseProvider(o, ConnectionString)));
    public WebDbContext Web() => new(Options<WebDbContext>(o => Scheduling.UseProvider(o, ConnectionString)));

    /// <summary>Every module's context over this database.</summary>
    public DbContext[] AllContexts() => [Web(), Collectors(), Scoring(), Alerts()];

    private static DbContextOptions<T> Options<T>(Action<DbContextOptionsBuilder> use) where T : DbContext
    {
        var b = new DbContextOptionsBuilder<T>();
        use(b);
        return b.Options;
    }

    public async ValueTask DisposeAsync()
    {
        if (_name is not null && Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } admin)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(admin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        if (_dir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
