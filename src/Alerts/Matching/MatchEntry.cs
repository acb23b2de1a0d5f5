using RiskWatch.Alerts.Data;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Matching;

/// <summary>A confirmed subscription as the matcher sees it.</summary>
public sealed class MatchEntry
{
    public required long Id { get; init; }
    public required string Email { get; init; }
    public required string Language { get; init; }
    public string Organisation { get; init; } = "";
    public required string Frequency { get; init; }
    public required string[] Countries { get; init; }
    public required int MinLevel { get; init; }
    /// <summary>Null means every category.</summary>
    public RiskCategory[]? Categories { get; init; }
    public required string[] Keywords { get; init; }

    public static MatchEntry From(Subscription s) => new()
    {
        Id = s.Id,
        Email = s.Email,
        Language = s.Language,
        Organisation = s.Organisation,
        Frequency = s.Frequency,
        Countries = s.Countries.Select(c => c.ToUpperInvariant()).Distinct().ToArray(),
        MinLevel = RiskLevels.Clamp(s.MinLevel),
        Categories = s.Categories.Count == 0 ? null
            : s.Categories.Select(RiskCategories.Parse).OfType<RiskCategory>().Distinct().ToArray() is { Length: > 0 } cats ? cats : null,
        Keywords = s.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToArray(),
    };

    /// <summary>
    /// The reference semantics of a keyword filter (any keyword as a case-insensitive substring of the title or the text).
    /// The index answers the same question through <see cref="KeywordAutomaton"/>; tests compare the two.
    /// </summary>
    internal bool KeywordsMatch(string title, string text)
    {
        if (Keywords.Length == 0) return true;
        foreach (var k in Keywords)
            if (title.Contains(k, StringComparison.OrdinalIgnoreCase) || text.Contains(k, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
