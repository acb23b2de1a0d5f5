using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;
using Quartz;
using RiskWatch.Alerts;
using RiskWatch.Collectors;
using RiskWatch.Core;
using RiskWatch.Scoring;
using RiskWatch.Search;
using RiskWatch.Web.Api;
using RiskWatch.Web.Demo;
using RiskWatch.Web.Reports;

namespace RiskWatch.Web.Hosting;

/// <summary>The composition root: one call per module, then the web pieces.</summary>
public static class RiskWatchHost
{
    private const string Smart = "ApiKeyOrCookie";

    public static WebApplicationBuilder AddRiskWatch(this WebApplicationBuilder builder, bool demo)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        demo |= config.GetValue<bool>("RiskWatch:Demo");
        if (demo) DemoMode.Configure(builder);

        services.AddSingleton(TimeProvider.System);
        // First hosted service: the tables exist before anything else starts.
        services.AddHostedService<DatabaseInitializer>();

        services.AddSearch(config);
        services.AddScoring(config);
        services.AddCollectors(config);
        services.AddAlerts(config);
        services.AddSingleton<IngestPipeline>();
        services.AddIngestSpool(config);
        services.AddBriefingExport();
        services.AddWeeklyBriefing(config);

        services.AddRiskWatchScheduler(config);
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        if (demo) DemoMode.AddServices(services);

        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(Telemetry.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddRazorPages();
        // Chinese is written as text, not as &#x...; entities: smaller pages that read right in any tool.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery();
        services.AddHttpContextAccessor();
        services.AddRiskWatchHealthChecks();
        services.AddDbContext<WebDbContext>(o => Scheduling.UseProvider(o, RiskWatchPaths.ConnectionString(config)));
        // One key ring for every node behind a load balancer (a cookie issued by one node is read by the others).
        services.AddDataProtection().SetApplicationName("RiskWatch").PersistKeysToDbContext<WebDbContext>();
        services.AddIdentityCore<IdentityUser>(o =>
            {
                // Long passphrases over composition rules (NIST SP 800-63B).
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<WebDbContext>()
            .AddSignInManager();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            .AddPolicyScheme(Smart, "API key or cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.Scheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.Scheme, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.Cookie.Name = "riskwatch";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Analyst, p => p.RequireRole(Roles.Analyst, Roles.Admin))
            .AddPolicy(Roles.BriefingOfficer, p => p.RequireRole(Roles.BriefingOfficer, Roles.Analyst, Roles.Admin))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
        services.AddHostedService<FirstAdmin>();
        DatabaseInitializer.Register(services);
        return builder;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseRiskWatch(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapRiskWatchEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapRiskWatchHealth();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapItemsApi();
        app.MapClassifyApi();
        app.MapCorrectionsApi();
        app.MapSourcesApi();
        app.MapCountriesApi();
        app.MapSubscriptionsApi();
        app.MapAdvisoriesApi();
        app.MapMailApi();
        app.MapReportsApi();
        app.MapAccountApi();
        app.MapRazorPages();
        if (app.Services.GetService<DemoFeeds>() is not null) app.MapDemoFeeds();
        return app;
    }
}
