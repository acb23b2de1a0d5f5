using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace RiskWatch.Web.Hosting;

/// <summary>
/// The web host's own tables: ASP.NET Core Identity users and roles, API keys, the weekly briefing's recipients, and the
/// data-protection key ring (cookies and antiforgery tokens), kept in the database so every node reads the same keys.
/// </summary>
public sealed class WebDbContext(DbContextOptions<WebDbContext> options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<WeeklyBriefingSetting> WeeklyBriefingSettings => Set<WeeklyBriefingSetting>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<ApiKey>().HasIndex(k => k.KeyHash).IsUnique();
        b.Entity<WeeklyBriefingSetting>().ToTable("WebWeeklyBriefing");
    }
}

/// <summary>The weekly briefing's recipients as a briefing officer last saved them (one row, id 1); overrides the configuration.</summary>
public sealed class WeeklyBriefingSetting
{
    public int Id { get; set; } = 1;
    /// <summary>JSON array of addresses.</summary>
    public string Recipients { get; set; } = "[]";
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>An API client's key. Only the SHA-256 of the key is stored; the key itself is shown once, when created.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string KeyHash { get; set; } = "";
    /// <summary>Comma-separated roles.</summary>
    public string Roles { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public bool Revoked { get; set; }
}

/// <summary>The roles RiskWatch knows; each is also the name of an authorization policy.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Analyst = "Analyst";
    public const string BriefingOfficer = "BriefingOfficer";
    public static readonly string[] All = [Admin, Analyst, BriefingOfficer];
}
