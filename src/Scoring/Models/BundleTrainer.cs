using System.Security.Cryptography;
using System.Text;

namespace RiskWatch.Scoring.Models;

/// <summary>Fits a complete <see cref="ModelBundle"/> from labelled texts.</summary>
internal static class BundleTrainer
{
    public static ModelBundle Train(IReadOnlyList<LabeledText> severityData, IReadOnlyList<LabeledText> categoryData,
        string version, DateTimeOffset now, int maxChars, TextLearner severityLearner, TextLearner categoryLearner,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? indicators = null)
    {
        var sevRows = TextModels.SeverityRows(severityData, maxChars, mask: true);
        var catRows = TextModels.CategoryRows(categoryData, maxChars, mask: true);
        if (sevRows.Select(r => r.Label).Distinct().Count() < 2) throw new InvalidOperationException("Severity training needs texts of at least two levels.");
        if (catRows.Select(r => r.Label).Distinct().Count() < 2) throw new InvalidOperationException("Category training needs texts of at least two categories.");
        // The two heads are independent: fitted at once, one learner's single-threaded phases overlap the other's.
        var sevFit = Task.Run(() => TextHead.Fit(severityLearner, sevRows, indicators));
        var cat = TextHead.Fit(categoryLearner, catRows);
        var sev = sevFit.GetAwaiter().GetResult();
        var info = new ModelInfo(version, now, sevRows.Count, catRows.Count, true, maxChars, $"severity={severityLearner};category={categoryLearner}");
        return new ModelBundle(sev, cat, info);
    }

    /// <summary>The seed model: both heads from the shipped corpus. Its version names the day and the corpus hash.</summary>
    public static ModelBundle TrainSeed(DateTimeOffset now, int maxChars)
    {
        var seed = SeedCorpus.Load();
        var version = $"seed-{now:yyyyMMdd}-{CorpusHash(seed)}";
        return Train(seed, seed, version, now, maxChars, TextLearner.Sdca, TextLearner.LogisticRegression);
    }

    public static string CorpusHash(IEnumerable<LabeledText> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var d in data) sha.AppendData(Encoding.UTF8.GetBytes(d.Title + "\u0001" + d.Text + "\u0001" + d.Severity + "\u0001" + d.Category + "\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset().AsSpan(0, 4));
    }
}
