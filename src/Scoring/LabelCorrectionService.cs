using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using RiskWatch.Core;
using RiskWatch.Scoring.Country;

namespace RiskWatch.Scoring;

/// <summary>What an analyst says about an item: the right category (a key such as "terrorism") and/or severity (1–5), and why.</summary>
public sealed record LabelInput(string? Category, int? Severity, string? Note);

public enum CorrectionStatus { Saved, NotFound, Invalid }

/// <summary>The outcome of <see cref="LabelCorrectionService.SaveAsync"/>: the stored correction and the item as the index now holds it, or why not.</summary>
public sealed record CorrectionOutcome(CorrectionStatus Status, string? Problem = null, CorrectionRecord? Correction = null, RiskItem? Item = null);

/// <summary>
/// Analysts' corrections of stored items: kept durably (one per item, the latest wins) as training data for <c>train</c>,
/// and shown at once on the item in the index. The item's official level fields are never touched: its effective
/// level follows a corrected severity only where no publisher states an official level.
/// </summary>
public sealed class LabelCorrectionService(IDbContextFactory<ScoringDbContext> db, IRiskIndex index, IItemClassifier classifier, TimeProvider time)
{
    public const int MaxNoteChars = 2000;

    /// <summary>
    /// Saves the correction of <paramref name="itemId"/> (replacing an earlier one), with the model's prediction now, then
    /// updates the item in the index. The index may throw <see cref="IndexUnavailableException"/>; the correction is saved by then.
    /// </summary>
    public async Task<CorrectionOutcome> SaveAsync(string itemId, LabelInput input, string analyst, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Validate(input, out var category) is { } problem) return new CorrectionOutcome(CorrectionStatus.Invalid, problem);
        var item = await index.GetAsync(itemId, ct);
        if (item is null) return new CorrectionOutcome(CorrectionStatus.NotFound, $"no item with id '{itemId}'");

        // The model in service judges the item afresh: the index may hold an earlier correction, or an older model's view.
        var p = classifier.Classify([new ClassifierInput(item.Title, item.Text, item.Language, item.Countries, item.Source)])[0];
        var row = await StoreAsync(item, category, input, p, analyst.Trim(), ct);

        // The correction replaces an earlier one, in the index as in the table: what it leaves out is the model's again.
        var corrected = item.WithLabels(p, category, input.Severity, analyst.Trim());
        await index.UpsertAsync([corrected], ct);
        return new CorrectionOutcome(CorrectionStatus.Saved, null, CorrectionRecord.From(row), corrected);
    }

    private async Task<LabelCorrection> StoreAsync(RiskItem item, RiskCategory? category, LabelInput input, Classification p, string analyst, CancellationToken ct)
    {
        // Two analysts saving the first correction of one item at once: the second insert fails on the key and becomes an update.
        for (int attempt = 0; ; attempt++)
        {
            await using var ctx = await db.CreateDbContextAsync(ct);
            var row = await ctx.LabelCorrections.FindAsync([item.Id], ct);
            if (row is null) ctx.LabelCorrections.Add(row = new LabelCorrection { ItemId = item.Id });
            row.Source = item.Source;
            row.Title = item.Title;
            row.Text = item.Text;
            row.Language = item.Language;
            row.Countries = string.Join(',', item.Countries);
            row.Category = category?.Key();
            row.Severity = input.Severity;
            row.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
            row.PredictedCategory = p.Category.Key();
            row.PredictedCategoryConfidence = p.CategoryConfidence;
            row.PredictedSeverity = p.Severity;
            row.PredictedSeverityConfidence = p.SeverityConfidence;
            row.ModelVersion = classifier.ModelVersion;
            row.Analyst = analyst;
            row.CorrectedUtc = time.GetUtcNow().UtcDateTime;
            try
            {
                await ctx.SaveChangesAsync(ct);
                return row;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
            }
        }
    }

    /// <summary>Null when the input can be saved, else the reason in words an analyst can act on.</summary>
    private static string? Validate(LabelInput input, out RiskCategory? category)
    {
        ArgumentNullException.ThrowIfNull(input);
        category = null;
        if (string.IsNullOrWhiteSpace(input.Category) && input.Severity is null)
            return "give the right category, the right severity (1–5), or both";
        if (!string.IsNullOrWhiteSpace(input.Category))
        {
            category = RiskCategories.Parse(input.Category);
            if (category is null) return $"unknown category '{input.Category}'; use one of {string.Join(", ", RiskCategories.All.Select(c => c.Key()))}";
        }
        if (input.Severity is int s && !RiskLevels.IsValid(s)) return $"severity {s} is outside 1–5";
        if (input.Note is { Length: > MaxNoteChars }) return $"the note is longer than {MaxNoteChars} characters";
        return null;
    }

    /// <summary>The item's correction, if any.</summary>
    public async Task<CorrectionRecord?> GetAsync(string itemId, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var row = await ctx.LabelCorrections.AsNoTracking().FirstOrDefaultAsync(c => c.ItemId == itemId, ct);
        return row is null ? null : CorrectionRecord.From(row);
    }

    /// <summary>The corrections of some items (those that have one), e.g. to mark a page of search results.</summary>
    public async Task<IReadOnlyDictionary<string, CorrectionRecord>> ForItemsAsync(IReadOnlyCollection<string> itemIds, CancellationToken ct)
    {
        if (itemIds.Count == 0) return new Dictionary<string, CorrectionRecord>();
        await using var ctx = await db.CreateDbContextAsync(ct);
        var rows = await ctx.LabelCorrections.AsNoTracking().Where(c => itemIds.Contains(c.ItemId)).ToListAsync(ct);
        return rows.ToDictionary(r => r.ItemId, r => CorrectionRecord.From(r, maxText: 0));
    }

    /// <summary>A page of corrections, newest first, texts cut to <paramref name="maxText"/> characters, and how many there are.</summary>
    public async Task<(int Total, IReadOnlyList<CorrectionRecord> Items)> ListAsync(int skip, int take, int maxText, CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        var total = await ctx.LabelCorrections.CountAsync(ct);
        var rows = await ctx.LabelCorrections.AsNoTracking().OrderByDescending(c => c.CorrectedUtc).ThenBy(c => c.ItemId)
            .Skip(skip).Take(take).ToListAsync(ct);
        return (total, rows.Select(r => CorrectionRecord.From(r, maxText)).ToList());
    }

    /// <summary>Every correction, newest first, with full texts, streamed (for the export).</summary>
    public async IAsyncEnumerable<CorrectionRecord> AllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var ctx = await db.CreateDbContextAsync(ct);
        await foreach (var row in ctx.LabelCorrections.AsNoTracking().OrderByDescending(c => c.CorrectedUtc).ThenBy(c => c.ItemId).AsAsyncEnumerable().WithCancellation(ct))
            yield return CorrectionRecord.From(row);
    }
}
