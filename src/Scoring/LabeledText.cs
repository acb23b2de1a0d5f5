using RiskWatch.Core;

namespace RiskWatch.Scoring;

/// <summary>
/// One text with what is known about it: the severity on RiskWatch's 1–5 scale (the crosswalked official level, or an
/// analyst's correction), the category when someone labelled it, and the group (country) used for grouped hold-out.
/// </summary>
public sealed record LabeledText(string Title, string Text, string Language, int? Severity, RiskCategory? Category, string GroupKey, string Source)
{
    /// <summary>An official item as a training example: its crosswalked level is the severity label, its first country the group.</summary>
    public static LabeledText FromCollected(CollectedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var lang = string.IsNullOrEmpty(item.Language) ? TextTools.DetectLanguage(item.Title + " " + item.Text) : item.Language;
        var group = item.Countries.Count > 0 ? item.Countries[0].ToUpperInvariant() : item.Title;
        return new LabeledText(item.Title, item.Text, lang, item.Level is int l && RiskLevels.IsValid(l) ? l : null, null, group, item.Source);
    }
}
