using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace RiskWatch.Web.Hosting;

/// <summary>API clients authenticate with <c>X-Api-Key: &lt;key&gt;</c>; the key's roles become the caller's roles.</summary>
internal sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, WebDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public new const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => "rw_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.ToString() is not { Length: > 0 } key)
            return AuthenticateResult.NoResult();
        var hash = Hash(key);
        var found = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && !k.Revoked, Context.RequestAborted);
        if (found is null) return AuthenticateResult.Fail("unknown or revoked API key");
        var claims = new List<Claim> { new(ClaimTypes.Name, "apikey:" + found.Name) };
        claims.AddRange(found.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => new Claim(ClaimTypes.Role, r)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme)), Scheme));
    }
}

internal static class SecurityHeaders
{
    /// <summary>Conservative headers on every response; pages load scripts and styles only from this origin.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var h = ctx.Response.Headers;
        h["X-Content-Type-Options"] = "nosniff";
        h["X-Frame-Options"] = "DENY";
        h["Referrer-Policy"] = "strict-origin-when-cross-origin";
        if (!ctx.Request.Path.StartsWithSegments("/scalar"))
            h["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'";
        await next();
    });
}

/// <summary>Creates users with roles, from the CLI (<c>create-user</c>) or at start from <c>RiskWatch:Admin:Email/Password</c>.</summary>
internal static class AccountVerbs
{
    public static async Task<int> CreateUserAsync(IServiceProvider services, Cli.Options opts, CancellationToken ct)
    {
        await DatabaseInitializer.EnsureTablesAsync(services, ct);
        var role = opts.Get("role") ?? Roles.Admin;
        var (ok, message) = await EnsureUserAsync(services, opts.Required("email"), opts.Required("password"), role);
        (ok ? Console.Out : Console.Error).WriteLine(message);
        return ok ? 0 : 1;
    }

    public static async Task<(bool Ok, string Message)> EnsureUserAsync(IServiceProvider services, string email, string password, string role)
    {
        if (!Roles.All.Contains(role)) return (false, $"unknown role '{role}'; use one of {string.Join(", ", Roles.All)}");
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var r in Roles.All)
            if (!await roles.RoleExistsAsync(r)) await roles.CreateAsync(new IdentityRole(r));
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return (false, "cannot create user: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        if (!await users.IsInRoleAsync(user, role)) await users.AddToRoleAsync(user, role);
        return (true, $"user {email} has role {role}");
    }
}

/// <summary>The first admin, from configuration (<c>RiskWatch:Admin:Email</c> and <c>RiskWatch:Admin:Password</c>), created at start when missing.</summary>
internal sealed class FirstAdmin(IServiceProvider services, IConfiguration config, ILogger<FirstAdmin> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (config["RiskWatch:Admin:Email"] is not { Length: > 0 } email || config["RiskWatch:Admin:Password"] is not { Length: > 0 } password) return;
        var (ok, message) = await AccountVerbs.EnsureUserAsync(services, email, password, Roles.Admin);
        if (ok) log.LogInformation("{Message}", message);
        else log.LogError("First admin from configuration: {Message}", message);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
