using Microsoft.EntityFrameworkCore;

namespace RiskWatch.Scoring.Country;

/// <summary>A country's risk as computed on one day (one row per country per day; a later run that day replaces it).</summary>
public sealed class CountryRiskSnapshot
{
    public long Id { get; set; }
    public string Country { get; set; } = "";
    public DateOnly Day { get; set; }
    public double Score { get; set; }
    public int Level { get; set; }
    /// <summary>Per-category sub-scores as JSON: {"terrorism": 41.2, ...}.</summary>
    public string SubScoresJson { get; set; } = "{}";
    /// <summary>The top drivers as JSON (see <see cref="CountryRiskDriver"/>).</summary>
    public string DriversJson { get; set; } = "[]";
    public string Method { get; set; } = "";
    public DateTime ComputedUtc { get; set; }
}

/// <summary>The country index moved to another level (up or down): what alerts subscribe to.</summary>
public sealed class CountryLevelEvent
{
    public long Id { get; set; }
    public string Country { get; set; } = "";
    public int OldLevel { get; set; }
    public int NewLevel { get; set; }
    public double OldScore { get; set; }
    public double NewScore { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>The top drivers in one line, for the alert text.</summary>
    public string Summary { get; set; } = "";
}

/// <summary>A structural indicator value for a country (World Bank WGI estimate, GDP per capita, OECD class…), latest year kept.</summary>
public sealed class CountryIndicatorValue
{
    public string Country { get; set; } = "";
    /// <summary>The indicator code, e.g. "PV.EST", "NY.GDP.PCAP.CD", "OECD.CRC".</summary>
    public string Indicator { get; set; } = "";
    public int Year { get; set; }
    public double Value { get; set; }
}

/// <summary>
/// The Scoring module's tables: daily country-risk snapshots, level-change events, structural indicators and analysts'
/// label corrections (<see cref="LabelCorrection"/>).
/// The host creates the tables (EnsureCreated or migrations); this module never does.
/// </summary>
public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options) : DbContext(options)
{
    public DbSet<CountryRiskSnapshot> CountryRiskSnapshots => Set<CountryRiskSnapshot>();
    public DbSet<CountryLevelEvent> CountryLevelEvents => Set<CountryLevelEvent>();
    public DbSet<CountryIndicatorValue> CountryIndicators => Set<CountryIndicatorValue>();
    public DbSet<LabelCorrection> LabelCorrections => Set<LabelCorrection>();

    /// <summary>PostgreSQL (Npgsql) for a "Host=..." connection string, otherwise SQLite; the model is the same on both.</summary>
    public static DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder o, string connectionString) =>
        Core.RiskWatchPaths.IsPostgres(connectionString) ? o.UseNpgsql(connectionString) : o.UseSqlite(connectionString);

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<CountryRiskSnapshot>(e =>
        {
            e.ToTable("country_risk_snapshots");
            e.Property(x => x.Country).HasMaxLength(2);
            e.HasIndex(x => new { x.Country, x.Day }).IsUnique();
        });
        b.Entity<CountryLevelEvent>(e =>
        {
            e.ToTable("country_level_events");
            e.Property(x => x.Country).HasMaxLength(2);
            e.HasIndex(x => x.AtUtc);
            e.HasIndex(x => new { x.Country, x.AtUtc });
        });
        b.Entity<CountryIndicatorValue>(e =>
        {
            e.ToTable("country_indicators");
            e.HasKey(x => new { x.Country, x.Indicator });
            e.Property(x => x.Country).HasMaxLength(2);
            e.Property(x => x.Indicator).HasMaxLength(40);
        });
        b.Entity<LabelCorrection>(e =>
        {
            e.ToTable("label_corrections");
            e.HasKey(x => x.ItemId);
            e.Property(x => x.ItemId).HasMaxLength(200);
            e.Property(x => x.Source).HasMaxLength(100);
            e.Property(x => x.Language).HasMaxLength(16);
            e.Property(x => x.Countries).HasMaxLength(200);
            e.Property(x => x.Category).HasMaxLength(20);
            e.Property(x => x.Note).HasMaxLength(LabelCorrectionService.MaxNoteChars);
            e.Property(x => x.PredictedCategory).HasMaxLength(20);
            e.Property(x => x.ModelVersion).HasMaxLength(100);
            e.Property(x => x.Analyst).HasMaxLength(320);
            e.HasIndex(x => x.CorrectedUtc);
        });
    }
}
