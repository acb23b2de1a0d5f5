using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RiskWatch.Core;

namespace RiskWatch.Scoring;

/// <summary>
/// An analyst's correction of a stored item's category and/or severity (one row per item: a later correction replaces it),
/// with the item's text as it was then, so it stays training data after the item changes or ages out of the index.
/// </summary>
public sealed class LabelCorrection
{
    public string ItemId { get; set; } = "";
    public string Source { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public string Language { get; set; } = "";
    /// <summary>ISO alpha-2 codes, comma-separated, main country first.</summary>
    public string Countries { get; set; } = "";
    /// <summary>The corrected category's key ("terrorism"…); null when only the severity was corrected.</summary>
    public string? Category { get; set; }
    /// <summary>The corrected severity (1–5); null when only the category was corrected.</summary>
    public int? Severity { get; set; }
    public string? Note { get; set; }
    /// <summary>What the model in service predicted for the item when the correction was saved.</summary>
    public string PredictedCategory { get; set; } = "";
    public double PredictedCategoryConfidence { get; set; }
    public int PredictedSeverity { get; set; }
    public double PredictedSeverityConfidence { get; set; }
    public string ModelVersion { get; set; } = "";
    public string Analyst { get; set; } = "";
    public DateTime CorrectedUtc { get; set; }
}

/// <summary>
/// A correction as the API lists it and as <c>GET /api/corrections/export.jsonl</c> writes it, one JSON object per line;
/// <c>train --corrections</c> reads the same lines back.
/// </summary>
public sealed record CorrectionRecord(
    string ItemId, string Source, string Title, string Text, string Language, IReadOnlyList<string> Countries,
    string? Category, int? Severity, string? Note,
    string? PredictedCategory, double? PredictedCategoryConfidence, int? PredictedSeverity, double? PredictedSeverityConfidence, string? ModelVersion,
    string? Analyst, DateTimeOffset? CorrectedAt)
{
    public static CorrectionRecord From(LabelCorrection c, int maxText = int.MaxValue) => new(
        c.ItemId, c.Source, c.Title, c.Text.Length > maxText ? c.Text[..maxText] + "…" : c.Text, c.Language, Corrections.SplitCountries(c.Countries),
        c.Category, c.Severity, c.Note,
        c.PredictedCategory, Math.Round(c.PredictedCategoryConfidence, 3), c.PredictedSeverity, Math.Round(c.PredictedSeverityConfidence, 3), c.ModelVersion,
        c.Analyst, new DateTimeOffset(DateTime.SpecifyKind(c.CorrectedUtc, DateTimeKind.Utc)));

    /// <summary>The correction as a training example: its labels, its first country as the hold-out group (else its title).</summary>
    public LabeledText ToLabeledText() => new(Title, Text, Language, Severity, RiskCategories.Parse(Category),
        Countries.Count > 0 ? Countries[0].ToUpperInvariant() : Title, Source);
}

/// <summary>What <see cref="Corrections.Read(TextReader, string)"/> made of a file: the good lines, and one message per line it could not use.</summary>
public sealed record CorrectionsReadResult(IReadOnlyList<CorrectionRecord> Records, IReadOnlyList<string> Errors);

/// <summary>The corrections' JSON Lines format (write, read) and how corrections join the training data.</summary>
public static class Corrections
{
    /// <summary>camelCase, Chinese written as is (a file a person can read), nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IReadOnlyList<string> SplitCountries(string? countries) =>
        (countries ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>One line of the export (no line break).</summary>
    public static string ToLine(CorrectionRecord record) => JsonSerializer.Serialize(record, Json);

    /// <summary>Reads an export file; see <see cref="Read(TextReader, string)"/>.</summary>
    public static CorrectionsReadResult Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>
    /// Reads JSON Lines of <see cref="CorrectionRecord"/>. A line that is not JSON, has neither title nor text, or has neither a
    /// known category nor a severity of 1–5 is reported as "<paramref name="name"/> line N: why" and skipped; every other line is kept.
    /// </summary>
    public static CorrectionsReadResult Read(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = new List<CorrectionRecord>();
        var errors = new List<string>();
        int n = 0;
        while (reader.ReadLine() is { } line)
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            CorrectionRecord? r;
            try
            {
                r = JsonSerializer.Deserialize<CorrectionRecord>(line, Json);
            }
            catch (JsonException ex)
            {
                errors.Add($"{name} line {n}: not a correction in JSON ({ex.Message})");
                continue;
            }
            if (Problem(r) is { } problem) { errors.Add($"{name} line {n}: {problem}"); continue; }
            records.Add(Normalized(r!));
        }
        return new CorrectionsReadResult(records, errors);
    }

    // Fields a hand-written line may leave out (System.Text.Json leaves them null whatever the annotations say).
    private static CorrectionRecord Normalized(CorrectionRecord r)
    {
        string title = r.Title ?? "", text = r.Text ?? "";
        return r with
        {
            ItemId = r.ItemId ?? "",
            Source = string.IsNullOrWhiteSpace(r.Source) ? "correction" : r.Source,
            Title = title,
            Text = text,
            Language = string.IsNullOrWhiteSpace(r.Language) ? TextTools.DetectLanguage(title + " " + text) : r.Language,
            Countries = r.Countries ?? [],
        };
    }

    private static string? Problem(CorrectionRecord? r)
    {
        if (r is null) return "null is not a correction";
        if (string.IsNullOrWhiteSpace(r.Title) && string.IsNullOrWhiteSpace(r.Text)) return "it has neither title nor text";
        if (r.Category is not null && RiskCategories.Parse(r.Category) is null)
            return $"unknown category '{r.Category}' (one of {string.Join(", ", RiskCategories.All.Select(c => c.Key()))})";
        if (r.Severity is int s && !RiskLevels.IsValid(s)) return $"severity {s.ToString(CultureInfo.InvariantCulture)} is outside 1–5";
        if (r.Category is null && r.Severity is null) return "it has neither category nor severity";
        return null;
    }

    /// <summary>
    /// The training data with the corrections in it: a text already there (same source, title and text: the item as
    /// collected) takes the correction's labels, where it gives them, over its own; the others are added. A correction
    /// therefore outweighs the official level it disagrees with instead of sitting beside it as a contradicting copy.
    /// </summary>
    public static List<LabeledText> Merge(IReadOnlyList<LabeledText> data, IEnumerable<CorrectionRecord> corrections)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(corrections);
        var result = data.ToList();
        var index = new Dictionary<(string, string, string), List<int>>();
        for (int i = 0; i < result.Count; i++)
        {
            var key = Key(result[i].Source, result[i].Title, result[i].Text);
            if (!index.TryGetValue(key, out var list)) index[key] = list = [];
            list.Add(i);
        }
        foreach (var c in corrections)
        {
            var labeled = c.ToLabeledText();
            if (index.TryGetValue(Key(c.Source, c.Title, c.Text), out var same))
            {
                foreach (var i in same)
                    result[i] = result[i] with { Severity = labeled.Severity ?? result[i].Severity, Category = labeled.Category ?? result[i].Category };
            }
            else result.Add(labeled);
        }
        return result;
    }

    // The index keeps titles with whitespace squashed; the captures keep them as published.
    private static (string, string, string) Key(string source, string title, string text) => (source, TextTools.Squash(title), TextTools.Squash(text));
}
