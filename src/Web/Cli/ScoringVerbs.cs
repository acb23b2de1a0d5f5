using RiskWatch.Collectors;
using RiskWatch.Core;
using RiskWatch.Scoring;
using RiskWatch.Scoring.Country;

namespace RiskWatch.Web.Cli;

/// <summary><c>train</c>, <c>eval</c> and <c>score</c>: the captures are read by the collectors' parsers, the models by Scoring.</summary>
internal static class ScoringVerbs
{
    /// <summary>Larger files are not captures of a feed or page (bulk CSVs aside, which sources read in streams).</summary>
    private const long MaxFileBytes = 64L * 1024 * 1024;

    public static Task<int> TrainAsync(IServiceProvider services, Options opts, CancellationToken ct)
    {
        var tables = new CountryData();
        var data = ReadCaptures(services, opts.Required("data"), Console.Error, tables);
        data = TrainingCorrections.Add(services, opts, data, Console.Error);
        var outDir = Path.GetFullPath(opts.Required("out"));
        var trainer = services.GetRequiredService<ItemClassifierTrainer>();
        // --severity-learner: the severity head's learner, to reproduce the variants compared in docs/model.md.
        if (opts.Get("severity-learner") is { } name)
            trainer = Enum.TryParse<RiskWatch.Scoring.Models.TextLearner>(name, ignoreCase: true, out var learner) && Enum.IsDefined(learner)
                ? new ItemClassifierTrainer(services.GetRequiredService<TimeProvider>()) { SeverityLearner = learner }
                : throw new UsageException($"unknown learner '{name}'; one of {string.Join(", ", Enum.GetNames<RiskWatch.Scoring.Models.TextLearner>())}");
        // The severity head weighs each text's country by the indicators this folder holds (World Bank, peace indices);
        // --country-context none trains it on the text alone (the comparison in docs/model.md).
        var context = opts.Get("country-context") switch
        {
            null or "indicators" => tables.Indicators(),
            "none" => null,
            var other => throw new UsageException($"unknown country context '{other}'; indicators (the default) or none"),
        };
        var result = trainer.Train(data, outDir, Console.Out, context);
        Console.WriteLine($"model {result.Version} → {result.ModelPath}; {(result.Promoted ? "promoted" : "not promoted")}: {result.PromotionNote}");
        // The country model learns where the folder holds a risk-class table (its label) and indicators for those countries.
        if (tables.Labels.Count == 0) Console.WriteLine("country model: not trained (no country-risk class table in the data folder)");
        else
        {
            try
            {
                var country = CountryRiskModelTrainer.Train(tables.Indicators(), tables.Labels, outDir, Console.Out);
                Console.WriteLine($"country model {country.Version} → {country.ModelPath}");
            }
            catch (InvalidOperationException ex) { Console.WriteLine("country model: not trained: " + ex.Message); }
        }
        return Task.FromResult(0);
    }

    public static Task<int> EvalAsync(IServiceProvider services, Options opts, CancellationToken ct)
    {
        var model = opts.Required("model");
        if (!File.Exists(model) && !Directory.Exists(model)) throw new UsageException($"no model at {model}");
        var data = ReadCaptures(services, opts.Required("data"), Console.Error);
        EvalResult result;
        try
        {
            result = services.GetRequiredService<ItemClassifierTrainer>().Evaluate(Path.GetFullPath(model), data);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException) // a corrupt, outdated or missing model.zip
        {
            Console.Error.WriteLine("eval: " + ex.Message);
            return Task.FromResult(1);
        }
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
    /// <summary>What a data folder holds for the country model: indicator observations and risk-class labels.</summary>
    internal sealed class CountryData
    {
        public List<(string Country, string Indicator, int Year, double Value)> Observations { get; } = [];
        public Dictionary<string, int?> Labels { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The latest value of every indicator per country.</summary>
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Indicators() =>
            Observations.GroupBy(o => o.Country.ToUpperInvariant()).ToDictionary(g => g.Key,
                g => (IReadOnlyDictionary<string, double>)g.GroupBy(o => o.Indicator).ToDictionary(x => x.Key, x => x.MaxBy(o => o.Year).Value));
    }

    /// <param name="tables">When given, receives indicator observations (World Bank items, peace-index tables) and risk-class labels.</param>
    internal static List<LabeledText> ReadCaptures(IServiceProvider services, string folder, TextWriter log, CountryData? tables = null)
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
            if (tables is not null && ReadTable(file, name, content, tables, log)) { read++; continue; }
            var source = registry.Recognize(content);
            if (source is null) { log.WriteLine($"skipped {name}: no source reads it"); continue; }
            try
            {
                var items = source.Parse(content, new Uri(file));
                data.AddRange(items.Select(LabeledText.FromCollected));
                tables?.Observations.AddRange(CountryIndicatorsExtensions.Observations(items));
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

    /// <summary>A risk-class table or a peace-index table; false when the file is neither.</summary>
    private static bool ReadTable(string file, string name, string content, CountryData tables, TextWriter log)
    {
        var firstLine = content.AsSpan().IndexOf('\n') is var nl and >= 0 ? content[..nl] : content;
        switch (CountryTables.Recognize(name, firstLine))
        {
            case CountryTables.Kind.RiskClasses:
                var labels = CountryRiskModel.ReadOecdTable(file);
                foreach (var (c, v) in labels) tables.Labels[c] = v;
                log.WriteLine($"read {name}: country-risk classes, {labels.Count} countries ({labels.Count(l => l.Value is null)} unclassified)");
                return true;
            case CountryTables.Kind.PeaceIndex:
                if (CountryTables.PeaceIndexCode(name) is not { } code) { log.WriteLine($"skipped {name}: a peace-index table whose name does not say GPI, GTI or PPI"); return true; }
                var unknown = new List<string>();
                var values = CountryTables.ReadPeaceIndex(content, code, unknown);
                tables.Observations.AddRange(values);
                log.WriteLine($"read {name}: {code}, {values.Count} countries{(unknown.Count > 0 ? $"; unknown names skipped: {string.Join(", ", unknown)}" : "")}");
                return true;
            default:
                return false;
        }
    }
}
