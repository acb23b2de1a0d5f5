using RiskWatch.Collectors;
using RiskWatch.Core;
using RiskWatch.Scoring;

namespace RiskWatch.Web.Cli;

/// <summary><c>train</c>, <c>eval</c> and <c>score</c>: the captures are read by the collectors' parsers, the models by Scoring.</summary>
internal static class ScoringVerbs
{
    /// <summary>Larger files are not captures of a feed or page (bulk CSVs aside, which sources read in streams).</summary>
    private const long MaxFileBytes = 64L * 1024 * 1024;

    public static Task<int> TrainAsync(IServiceProvider services, Options opts, CancellationToken ct)
    {
        var data = ReadCaptures(services, opts.Required("data"), Console.Error);
        var outDir = Path.GetFullPath(opts.Required("out"));
        var result = services.GetRequiredService<ItemClassifierTrainer>().Train(data, outDir, Console.Out);
        Console.WriteLine($"model {result.Version} → {result.ModelPath}; {(result.Promoted ? "promoted" : "not promoted")}: {result.PromotionNote}");
        return Task.FromResult(0);
    }

    public static Task<int> EvalAsync(IServiceProvider services, Options opts, CancellationToken ct)
    {
        var model = opts.Required("model");
        if (!File.Exists(model) && !Directory.Exists(model)) throw new UsageException($"no model at {model}");
        var data = ReadCaptures(services, opts.Required("data"), Console.Error);
        var result = services.GetRequiredService<ItemClassifierTrainer>().Evaluate(Path.GetFullPath(model), data);
        Console.WriteLine(result.ToJson());
        return Task.FromResult(0);
    }

    public static async Task<int> ScoreAsync(IServiceProvider services, Options opts, CancellationToken ct)
    {
        var code = opts.Required("country");
        var country = Core.Countries.CountryTable.Resolve(code) ?? throw new UsageException($"unknown country '{code}'");
        await Hosting.DatabaseInitializer.EnsureTablesAsync(services, ct);
        var risk = await services.GetRequiredService<RiskWatch.Scoring.Country.CountryRiskService>().ScoreAsync(country.Iso2, ct);
        Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(risk, CliVerbs.Json));
        return 0;
    }

    /// <summary>Every file under <paramref name="folder"/> that a source recognises, parsed; the others are listed and skipped.</summary>
    internal static List<LabeledText> ReadCaptures(IServiceProvider services, string folder, TextWriter log)
    {
        if (!Directory.Exists(folder)) throw new UsageException($"no such folder: {folder}");
        var registry = services.GetRequiredService<SourceRegistry>();
        var data = new List<LabeledText>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        int read = 0;
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(folder, file);
            if (Path.GetFileName(file).Equals("README.md", StringComparison.OrdinalIgnoreCase)) continue;
            if (new FileInfo(file).Length > MaxFileBytes) { log.WriteLine($"skipped {name}: larger than {MaxFileBytes / 1024 / 1024} MB"); continue; }
            string content;
            try { content = TextFiles.Read(file); }
            catch (IOException ex) { log.WriteLine($"skipped {name}: {ex.Message}"); continue; }
            var source = registry.Recognize(content);
            if (source is null) { log.WriteLine($"skipped {name}: no source reads it"); continue; }
            try
            {
                var items = source.Parse(content, new Uri(file));
                data.AddRange(items.Select(LabeledText.FromCollected));
                read++;
                log.WriteLine($"read {name}: {source.Id}, {items.Count} items, {items.Count(i => i.Level is not null)} with an official level");
            }
            catch (SourceFormatException ex)
            {
                log.WriteLine($"skipped {name}: {source.Id} cannot read it: {ex.Message}");
            }
        }
        log.WriteLine($"{read} of {files.Count} files read; {data.Count} texts, {data.Count(d => d.Severity is not null)} with a level");
        return data;
    }
}
