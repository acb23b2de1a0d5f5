using RiskWatch.Web.Cli;
using RiskWatch.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRiskWatch(args);

if (CliVerbs.IsVerb(args))
    return await CliVerbs.RunAsync(builder, args);

var app = builder.Build();
app.UseRiskWatch();
app.MapRiskWatchEndpoints();
await app.RunAsync();
return 0;

/// <summary>The web app's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
