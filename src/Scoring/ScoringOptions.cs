using System.ComponentModel.DataAnnotations;

namespace RiskWatch.Scoring;

/// <summary>Options of the Scoring module, bound from <c>RiskWatch:Scoring</c>.</summary>
public sealed class ScoringOptions
{
    public const string Section = "RiskWatch:Scoring";

    /// <summary>Where models live (<c>&lt;version&gt;/model.zip</c>, <c>current/model.zip</c>). Empty: <c>&lt;data&gt;/models</c>.</summary>
    public string ModelsDirectory { get; set; } = "";

    /// <summary>Characters of title + text the classifier reads; the rest is cut (with a note) so a 1 MB page stays cheap.</summary>
    [Range(200, 1_000_000)]
    public int MaxTextChars { get; set; } = Models.TextPrep.DefaultMaxChars;

    /// <summary>When no model exists at start, train one from the seed corpus (a few seconds) and save it as current.</summary>
    public bool TrainSeedModelWhenMissing { get; set; } = true;

    /// <summary>Half-life in days of an item's weight in the country index's evidence term.</summary>
    [Range(1, 365)]
    public double EvidenceHalfLifeDays { get; set; } = 30;

    /// <summary>Optional OECD country-risk table (CSV, ISO3 + year columns) used to fit the learned country index.</summary>
    public string OecdTablePath { get; set; } = "";
}
