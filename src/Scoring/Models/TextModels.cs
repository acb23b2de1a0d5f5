using RiskWatch.Core;

namespace RiskWatch.Scoring.Models;

/// <summary>The learners RiskWatch can train a text model with.</summary>
public enum TextLearner
{
    /// <summary>Word/char-bigram TF-IDF + SDCA maximum entropy (fast, the default for the seed model).</summary>
    Sdca,
    /// <summary>Word/char-bigram TF-IDF + L-BFGS multinomial logistic regression: the baseline the issue asks for.</summary>
    LogisticRegression,
    /// <summary>
    /// TF-IDF word/ideograph n-grams of the text and of its lead, the 2,000 slots with most mutual information with the
    /// level, length features, LightGBM multiclass with class weights (the severity head until the masking fixes of
    /// 2026-11-27; now measured just below <see cref="SeverityLinear"/> and several times slower to fit).
    /// </summary>
    Severity,
    /// <summary>
    /// The severity head: the MI-selected n-grams of <see cref="Severity"/> (no length features), the country context
    /// (<see cref="CountryContext"/>) when indicators are given, L-BFGS logistic regression (L2 0.1), and a head per
    /// publisher with enough texts averaged with it.
    /// </summary>
    SeverityLinear,
}

/// <summary>Builds the rows the text heads are fitted on.</summary>
internal static class TextModels
{
    /// <summary>Rows for the severity model; each class weighted by inverse frequency so rare extreme levels count (macro-F1 is the goal).</summary>
    public static List<TextRow> SeverityRows(IEnumerable<LabeledText> data, int maxChars, bool mask)
    {
        var rows = data.Where(d => d.Severity is int s && RiskLevels.IsValid(s))
            .Select(d => Row(d, maxChars, mask, d.Severity!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Balance(rows);
        return rows;
    }

    /// <summary>A labelled text as a model row: its text, and its group as the country when the group is one.</summary>
    public static TextRow Row(LabeledText d, int maxChars, bool mask, string label = "")
    {
        var row = TextPrep.Row(d.Title, d.Text, maxChars, mask, out _, label);
        row.Country = CountryOf(d);
        row.Source = string.IsNullOrEmpty(d.Source) ? null : d.Source;
        return row;
    }

    /// <summary>The country a labelled text is about: its group when the group is a country code (an ISO-2), else null.</summary>
    public static string? CountryOf(LabeledText d) => d.GroupKey is { Length: 2 } g ? g.ToUpperInvariant() : null;

    public static List<TextRow> CategoryRows(IEnumerable<LabeledText> data, int maxChars, bool mask)
    {
        var rows = data.Where(d => d.Category is not null)
            .Select(d => TextPrep.Row(d.Title, d.Text, maxChars, mask, out _, d.Category!.Value.Key()))
            .ToList();
        Balance(rows);
        return rows;
    }

    private static void Balance(List<TextRow> rows)
    {
        var counts = rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count == 0) return;
        float mean = rows.Count / (float)counts.Count;
        foreach (var r in rows) r.Weight = mean / counts[r.Label];
    }
}
