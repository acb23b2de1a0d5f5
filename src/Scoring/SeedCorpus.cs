using System.Text.Json;
using RiskWatch.Core;

namespace RiskWatch.Scoring;

/// <summary>The bilingual seed corpus shipped with RiskWatch (see Seed/README.md for how it was made).</summary>
public static class SeedCorpus
{
    private const string ResourceName = "RiskWatch.Scoring.Seed.seed-corpus.jsonl";

    /// <summary>Every seed text, labelled with category and severity; the group key is the text's template event so hold-outs do not share events.</summary>
    public static IReadOnlyList<LabeledText> Load()
    {
        using var stream = typeof(SeedCorpus).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from RiskWatch.Scoring.");
        using var reader = new StreamReader(stream);
        var list = new List<LabeledText>();
        int n = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            n++;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var cat = RiskCategories.Parse(r.GetProperty("category").GetString());
            list.Add(new LabeledText(
                r.GetProperty("title").GetString() ?? "",
                r.GetProperty("text").GetString() ?? "",
                r.GetProperty("language").GetString() ?? "en",
                r.GetProperty("severity").GetInt32(),
                cat,
                r.TryGetProperty("event", out var ev) ? "seed-" + ev.GetString() : "seed-" + (n % 5),
                "seed"));
        }
        return list;
    }
}
