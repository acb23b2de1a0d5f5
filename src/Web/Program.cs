using RiskWatch.Web.Cli;
using RiskWatch.Web.Hosting;

// "--demo" is a flag, not a key with a value: taken out before the command-line configuration reads the rest.
bool demo = args.Contains("--demo");
args = args.Where(a => a != "--demo").ToArray();

var builder = WebApplication.CreateBuilder(args);
builder.AddRiskWatch(demo);

if (CliVerbs.IsVerb(args))
    return await CliVerbs.RunAsync(builder, args);

var app = builder.Build();
app.UseRiskWatch();
app.MapRiskWatchEndpoints();
await app.RunAsync();
return 0;

/// <summary>The web app's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
