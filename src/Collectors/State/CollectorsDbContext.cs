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

/// <summary>The collectors' tables. The host creates them (no EnsureCreated here); SQLite by default, PostgreSQL with the same model.</summary>
public sealed class CollectorsDbContext(DbContextOptions<CollectorsDbContext> options) : DbContext(options)
{
    public DbSet<SourceState> SourceStates => Set<SourceState>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        var e = b.Entity<SourceState>();
        e.ToTable("collector_source_states");
        e.HasKey(s => s.SourceId);
        e.Property(s => s.SourceId).HasMaxLength(100);
        e.Property(s => s.LastError).HasMaxLength(2000);
    }
}
