using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RiskWatch.Alerts.Data;

/// <summary>Subscriptions, the outbox, the alert log, digests, advisories and feedback labels. Tables are prefixed "Alerts".</summary>
public sealed class AlertsDbContext(DbContextOptions<AlertsDbContext> options) : DbContext(options)
{
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<AlertLogEntry> AlertLog => Set<AlertLogEntry>();
    public DbSet<RealertState> RealertStates => Set<RealertState>();
    public DbSet<DigestEntry> DigestEntries => Set<DigestEntry>();
    public DbSet<Advisory> Advisories => Set<Advisory>();
    public DbSet<FeedbackLabel> FeedbackLabels => Set<FeedbackLabel>();

    /// <summary>
    /// The provider for a connection string: PostgreSQL (Npgsql) for "Host=..." (<see cref="Core.RiskWatchPaths.IsPostgres"/>),
    /// otherwise a SQLite file with WAL tuning. The model is the same on both.
    /// </summary>
    public static DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder o, string connectionString)
    {
        if (Core.RiskWatchPaths.IsPostgres(connectionString)) return o.UseNpgsql(connectionString);
        o.UseSqlite(connectionString);
        return o.AddInterceptors(new SqliteTuning());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder b)
    {
        // SQLite cannot compare or order DateTimeOffset text; Unix milliseconds keep both working (and on PostgreSQL too).
        b.Properties<DateTimeOffset>().HaveConversion<UnixMillisConverter>();
        b.Properties<DateTimeOffset?>().HaveConversion<UnixMillisConverter>();
    }

    protected override void OnModelCreating(ModelBuilder m)
    {
        m.Entity<Subscription>(e =>
        {
            e.ToTable("AlertsSubscriptions");
            e.HasIndex(x => x.Email);
            e.Property(x => x.Email).HasMaxLength(320);
        });
        m.Entity<OutboxMessage>(e =>
        {
            e.ToTable("AlertsOutbox");
            e.HasIndex(x => new { x.SentAt, x.PermanentFailure, x.NextAttemptAt });
            e.HasIndex(x => x.ClaimToken);
        });
        m.Entity<AlertLogEntry>(e =>
        {
            e.ToTable("AlertsLog");
            e.HasIndex(x => new { x.SubscriptionId, x.EventKey }).IsUnique();
            e.HasIndex(x => new { x.SubscriptionId, x.ClusterKey, x.At });
        });
        m.Entity<RealertState>(e =>
        {
            e.ToTable("AlertsRealert");
            e.HasKey(x => new { x.SubscriptionId, x.Country });
        });
        m.Entity<DigestEntry>(e =>
        {
            e.ToTable("AlertsDigestEntries");
            e.HasIndex(x => new { x.SubscriptionId, x.DigestedAt });
            e.Property(x => x.Sources).HasConversion(
                v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null),
                v => System.Text.Json.JsonSerializer.Deserialize<List<SourceLink>>(v, (System.Text.Json.JsonSerializerOptions?)null) ?? new List<SourceLink>(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<SourceLink>>(
                    (a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
        });
        m.Entity<Advisory>(e =>
        {
            e.ToTable("AlertsAdvisories");
            e.HasIndex(x => new { x.Kind, x.Status });
        });
        m.Entity<FeedbackLabel>(e =>
        {
            e.ToTable("AlertsFeedback");
            e.HasIndex(x => new { x.SubscriptionId, x.ItemId }).IsUnique();
            e.HasIndex(x => x.ItemId);
        });
    }

    /// <summary>
    /// Creates the alert tables when they are missing. <c>Database.EnsureCreated()</c> does nothing when the shared
    /// database file already holds another module's tables, so a host sharing one file should call this instead.
    /// </summary>
    public static async Task EnsureTablesAsync(AlertsDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct)) { await creator.CreateAsync(ct); }
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = db.Database.IsNpgsql()
                ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'AlertsSubscriptions'"
                : "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='AlertsSubscriptions'";
            var exists = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
            if (!exists) await creator.CreateTablesAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class UnixMillisConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}

/// <summary>One enterprise's subscription. Lists are stored as JSON columns; empty means "all".</summary>
public sealed class Subscription
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public string Organisation { get; set; } = "";
    /// <summary>ISO alpha-2 codes, upper case.</summary>
    public List<string> Countries { get; set; } = [];
    /// <summary>Category keys (<see cref="RiskWatch.Core.RiskCategories.Key"/>).</summary>
    public List<string> Categories { get; set; } = [];
    public int MinLevel { get; set; } = 1;
    /// <summary>"zh-CN" or "en".</summary>
    public string Language { get; set; } = "zh-CN";
    /// <summary>"immediate", "daily" or "weekly".</summary>
    public string Frequency { get; set; } = "immediate";
    public List<string> Keywords { get; set; } = [];
    public bool Confirmed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? UnsubscribedAt { get; set; }
    public DateTimeOffset? LastDigestAt { get; set; }
}

/// <summary>A message waiting for (or past) delivery. Written in the same transaction as its cause.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public long? SubscriptionId { get; set; }
    /// <summary>confirm, alert, digest, advisory, prevention, case.</summary>
    public string Kind { get; set; } = "";
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    /// <summary>The complete message as it goes on the wire (DKIM-signed when configured).</summary>
    public byte[] Mime { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>Set while a sender holds the row; a crashed sender's claim expires at <see cref="ClaimedUntil"/>.</summary>
    public Guid? ClaimToken { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    public bool PermanentFailure { get; set; }
}

/// <summary>An event that reached a subscription (immediately or via digest): the dedupe record.</summary>
public sealed class AlertLogEntry
{
    public long Id { get; set; }
    public long SubscriptionId { get; set; }
    /// <summary>item:{id}:{contentHash} or level:{source}:{country}:{newLevel}:{at}.</summary>
    public string EventKey { get; set; } = "";
    /// <summary>Sorted countries + level: near-duplicates from other sources share it.</summary>
    public string ClusterKey { get; set; } = "";
    public string Source { get; set; } = "";
    public DateTimeOffset At { get; set; }
    /// <summary>True when folded into an earlier entry as a near-duplicate (nothing sent for it).</summary>
    public bool Folded { get; set; }
}

/// <summary>When the last immediate email about a country went to a subscription.</summary>
public sealed class RealertState
{
    public long SubscriptionId { get; set; }
    public string Country { get; set; } = "";
    public DateTimeOffset LastImmediateAt { get; set; }
}

/// <summary>An event waiting for the next digest of its subscription.</summary>
public sealed class DigestEntry
{
    public long Id { get; set; }
    public long SubscriptionId { get; set; }
    /// <summary>ISO2, or "" for items without a country.</summary>
    public string Country { get; set; } = "";
    public int Level { get; set; }
    public string Category { get; set; } = "";
    public string Title { get; set; } = "";
    public string Reason { get; set; } = "";
    /// <summary>JSON list of sources with links.</summary>
    public List<SourceLink> Sources { get; set; } = [];
    public string ItemId { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset? DigestedAt { get; set; }
}

/// <summary>A publisher and the link to what it said.</summary>
public sealed record SourceLink(string Source, string Title, string Url);

/// <summary>An analyst's advisory (预警提示), prevention advice (防范建议) or typical-case notice (典型案例通报).</summary>
public sealed class Advisory
{
    public long Id { get; set; }
    /// <summary>advisory, prevention or case.</summary>
    public string Kind { get; set; } = "advisory";
    public string Title { get; set; } = "";
    public string BodyMarkdown { get; set; } = "";
    public List<string> Countries { get; set; } = [];
    public List<string> Categories { get; set; } = [];
    public List<string> ItemIds { get; set; } = [];
    /// <summary>draft or published.</summary>
    public string Status { get; set; } = "draft";
    public string? Author { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public int Recipients { get; set; }
}

/// <summary>A subscriber's "relevant / not relevant" answer about an item: a label for the classifier.</summary>
public sealed class FeedbackLabel
{
    public long Id { get; set; }
    public string ItemId { get; set; } = "";
    public bool Relevant { get; set; }
    public long SubscriptionId { get; set; }
    public DateTimeOffset At { get; set; }
}
