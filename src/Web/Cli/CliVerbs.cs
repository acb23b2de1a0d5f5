using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskWatch.Collectors;
using RiskWatch.Core;
using RiskWatch.Scoring;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Cli;

/// <summary>
/// The command-line verbs of the same executable: <c>dotnet run --project src/Web -- &lt;verb&gt;</c>.
/// parse · collect · train · eval · score · create-user. Exit codes: 0 ok, 1 failed, 2 wrong usage.
/// </summary>
public static class CliVerbs
{
    private static readonly string[] Verbs = ["parse", "collect", "train", "eval", "score", "reindex", "create-user", "help", "--help"];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        // The CLI talks on stdout; the host's logs go to stderr only when they matter.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter((category, level) => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        using var app = builder.Build();
        var opts = Options.Parse(args.Skip(1));
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        try
        {
            return args[0] switch
            {
                "parse" => Parse(app.Services, opts),
                "collect" => await CollectAsync(app.Services, opts, cts.Token),
                "train" => await ScoringVerbs.TrainAsync(app.Services, opts, cts.Token),
                "eval" => await ScoringVerbs.EvalAsync(app.Services, opts, cts.Token),
                "score" => await ScoringVerbs.ScoreAsync(app.Services, opts, cts.Token),
                "create-user" => await AccountVerbs.CreateUserAsync(app.Services, opts, cts.Token),
                "reindex" => await ReindexAsync(app.Services, cts.Token),
                _ => Help(),
            };
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: {ex.Message}");
            return 2;
        }
    }

    private static int Help()
    {
        Console.WriteLine("""
            RiskWatch — verbs (dotnet run --project src/Web -- <verb>):
              (no verb) [--demo]                         run the web app and the scheduler
              parse [--source <id>] --file <path>        print what a source makes of a captured file, one JSON object per line
              collect --source <id> [--once]             run one source now
              train --data <folder> --out <folder>       train the item classifier on captures (+ the seed corpus)
                    [--corrections <file.jsonl>]         + analysts' corrections (an export of /api/corrections; default: the database's)
                    [--severity-learner SeverityLinear|Severity|LogisticRegression|Sdca] [--country-context indicators|none]
              eval --model <folder|file> --data <folder> evaluate a model on captures; prints one JSON object
              score --country <ISO2>                     print a country's risk score, level, sub-scores and drivers
              reindex                                    rebuild the embedded index in the current format from the items it
                                                         stores (the app must be stopped; the old folder is kept as a backup)
              create-user --email <e> --password <p> --role Admin|Analyst|BriefingOfficer
            """);
        return 0;
    }

    private static int Parse(IServiceProvider services, Options opts)
    {
        var file = opts.Required("file");
        if (!File.Exists(file)) throw new UsageException($"no such file: {file}");
        var registry = services.GetRequiredService<SourceRegistry>();
        var content = TextFiles.Read(file);
        ISource source;
        if (opts.Get("source") is { } id)
            source = registry.Get(id) ?? throw new UsageException($"unknown source '{id}'; known: {string.Join(", ", registry.All.Select(s => s.Id))}");
        else
            source = registry.Recognize(content) ?? throw new UsageException($"no source recognises the content of {file}; name one with --source");
        try
        {
            foreach (var item in source.Parse(content, new Uri(Path.GetFullPath(file))))
                Console.WriteLine(JsonSerializer.Serialize(ParsedItem.From(item), Json));
            return 0;
        }
        catch (SourceFormatException ex)
        {
            Console.Error.WriteLine($"parse: {source.Id} cannot read {file}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Rebuilds the Lucene index folder (never resolves IRiskIndex: that would open a writer on it).</summary>
    private static async Task<int> ReindexAsync(IServiceProvider services, CancellationToken ct)
    {
        var config = services.GetRequiredService<IConfiguration>();
        var search = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RiskWatch.Search.SearchOptions>>().Value;
        if (string.Equals(search.Provider, "Elasticsearch", StringComparison.OrdinalIgnoreCase))
            throw new UsageException("the index is Elasticsearch: there a rebuild is a _reindex into a new versioned index and an alias swap (ElasticsearchRiskIndex.MigrateAsync); this verb rebuilds the embedded Lucene index");
        var path = string.IsNullOrWhiteSpace(search.Lucene.Path) ? RiskWatchPaths.Sub(config, "index") : search.Lucene.Path;
        if (!Directory.Exists(path)) throw new UsageException($"no index at {path}");
        try
        {
            var report = await RiskWatch.Search.Lucene.LuceneRebuild.RunAsync(path, search.Lucene, TimeProvider.System, Console.Out, ct);
            Console.WriteLine($"reindex: {report.Items:N0} items from format {report.FromFormat} to format {report.ToFormat} in {report.Seconds:F1} s" +
                (report.Unreadable > 0 ? $"; {report.Unreadable} stored items could not be read (they stay in the backup)" : "") +
                $"; the old index is kept at {report.Backup}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("reindex: " + ex.Message);
            return 1;
        }
    }

    private static async Task<int> CollectAsync(IServiceProvider services, Options opts, CancellationToken ct)
    {
        var id = opts.Required("source");
        await DatabaseInitializer.EnsureTablesAsync(services, ct);
        var runner = services.GetRequiredService<CollectorRunner>();
        Console.Error.WriteLine($"collecting {id}…");
        var result = await runner.RunAsync(id, ct);
        Console.WriteLine(JsonSerializer.Serialize(result, Json));
        return result.Success ? 0 : 1;
    }

    /// <summary>The JSON line <c>parse</c> prints for each item.</summary>
    internal sealed record ParsedItem(string Id, string Source, string Title, string Url, DateTimeOffset? Published, IReadOnlyList<string> Countries,
        string? RawLevel, int? Level, string Language, IReadOnlyList<RegionLevel>? Regions, IReadOnlyDictionary<string, string>? Extra, string Text)
    {
        public static ParsedItem From(CollectedItem i) => new(i.Id, i.Source, i.Title, i.Url, i.Published, i.Countries, i.RawLevel, i.Level,
            string.IsNullOrEmpty(i.Language) ? TextTools.DetectLanguage(i.Title + " " + i.Text) : i.Language,
            i.Regions.Count > 0 ? i.Regions : null, i.Extra.Count > 0 ? i.Extra : null,
            i.Text.Length > 300 ? i.Text[..300] + "…" : i.Text);
    }
}

internal sealed class UsageException(string message) : Exception(message);

/// <summary>--name value pairs and --flags.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public static Options Parse(IEnumerable<string> args)
    {
        var o = new Options();
        string? pending = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--"))
            {
                if (pending is not null) o._values[pending] = null;
                pending = a[2..];
            }
            else if (pending is not null)
            {
                o._values[pending] = a;
                pending = null;
            }
        }
        if (pending is not null) o._values[pending] = null;
        return o;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);
    public bool Has(string name) => _values.ContainsKey(name);
    public string Required(string name) => Get(name) is { Length: > 0 } v ? v : throw new UsageException($"--{name} is required");
}

/// <summary>Reads a captured file as text: BOM, then strict UTF-8, then GB18030 (Chinese government pages).</summary>
internal static class TextFiles
{
    public static string Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }
}
