using Microsoft.EntityFrameworkCore;

namespace RiskWatch.Collectors.State;

/// <summary>One source's fetch state and health, kept across restarts.</summary>
public sealed class SourceState
{
    public string SourceId { get; set; } = "";
    public bool Enabled { get; set; }
    public DateTimeOffset? LastRun { get; set; }
    public DateTimeOffset? LastSuccess { get; set; }
    public DateTimeOffset? LastFailure { get; set; }
    /// <summary>The reason of the last failure, as a person can read it.</summary>
    public string? LastError { get; set; }
    public int ConsecutiveFailures { get; set; }
    /// <summary>Items the last successful run collected.</summary>
    public int ItemsSeen { get; set; }
    public int LastAdded { get; set; }
    public int LastUpdated { get; set; }
    public int LastLevelChanges { get; set; }
    public long TotalItems { get; set; }
    public long Runs { get; set; }
    public long Failures { get; set; }
    /// <summary>Body bytes read by the last run.</summary>
    public long Bytes { get; set; }
    public long DurationMs { get; set; }
    /// <summary>ETag / Last-Modified per URL, as JSON (<c>{"url": {"ETag": "...", "LastModified": "..."}}</c>).</summary>
    public string Validators { get; set; } = "{}";
}

/// <summary>
/// An admin's choice about one source, stored over the configuration (which stays the default): enabled or not, and, for a source
/// added from the sources page, its whole definition. A table of its own so that databases made before it only gain a table.
/// </summary>
public sealed class SourceOverride
{
    public string SourceId { get; set; } = "";
    /// <summary>Null: the configuration decides.</summary>
    public bool? Enabled { get; set; }
    /// <summary>The <see cref="SourceOptions"/> of a source an admin added, as JSON; null for a built-in or configured source.</summary>
    public string? Definition { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    /// <summary>When a scheduled run was last skipped because the source is disabled, and how many times.</summary>
    public DateTimeOffset? LastSkipped { get; set; }
    public long Skips { get; set; }
}

/// <summary>The collectors' tables. The host creates them (no EnsureCreated here); SQLite by default, PostgreSQL with the same model.</summary>
public sealed class CollectorsDbContext(DbContextOptions<CollectorsDbContext> options) : DbContext(options)
{
    public DbSet<SourceState> SourceStates => Set<SourceState>();
    public DbSet<SourceOverride> SourceOverrides => Set<SourceOverride>();

    /// <summary>PostgreSQL (Npgsql) for a "Host=..." connection string, otherwise SQLite; the model is the same on both.</summary>
    public static DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder o, string connectionString) =>
        Core.RiskWatchPaths.IsPostgres(connectionString) ? o.UseNpgsql(connectionString) : o.UseSqlite(connectionString);

    protected override void OnModelCreating(ModelBuilder b)
    {
        var e = b.Entity<SourceState>();
        e.ToTable("collector_source_states");
        e.HasKey(s => s.SourceId);
        e.Property(s => s.SourceId).HasMaxLength(100);
        e.Property(s => s.LastError).HasMaxLength(2000);
        var o = b.Entity<SourceOverride>();
        o.ToTable("collector_source_overrides");
        o.HasKey(s => s.SourceId);
        o.Property(s => s.SourceId).HasMaxLength(100);
        o.Property(s => s.UpdatedBy).HasMaxLength(320);
    }
}
