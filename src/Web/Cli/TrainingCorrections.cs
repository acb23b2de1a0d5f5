using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using RiskWatch.Scoring;
using RiskWatch.Scoring.Country;

namespace RiskWatch.Web.Cli;

/// <summary>
/// The analysts' corrections that <c>train</c> learns from: the export file named by <c>--corrections &lt;file.jsonl&gt;</c>,
/// or else those in the app's configured database (none when it has no database or no corrections yet).
/// </summary>
internal static class TrainingCorrections
{
    /// <summary>The training data with the corrections merged in (<see cref="Corrections.Merge"/>); what was read is told on <paramref name="log"/>.</summary>
    public static List<LabeledText> Add(IServiceProvider services, Options opts, List<LabeledText> data, TextWriter log)
    {
        IReadOnlyList<CorrectionRecord> records;
        if (opts.Has("corrections"))
        {
            var file = opts.Required("corrections");
            if (!File.Exists(file)) throw new UsageException($"no such file: {file}");
            var read = Corrections.Read(file);
            foreach (var error in read.Errors) log.WriteLine($"skipped {error}");
            log.WriteLine($"corrections: {read.Records.Count} read from {file}{(read.Errors.Count switch { 0 => "", 1 => ", 1 line skipped", var n => $", {n} lines skipped" })}");
            records = read.Records;
        }
        else
        {
            records = FromDatabase(services, log);
        }
        return records.Count == 0 ? data : Corrections.Merge(data, records);
    }

    private static IReadOnlyList<CorrectionRecord> FromDatabase(IServiceProvider services, TextWriter log)
    {
        using var db = services.GetRequiredService<IDbContextFactory<ScoringDbContext>>().CreateDbContext();
        try
        {
            // Exists() does not create a SQLite file: training never leaves an empty database behind.
            if (!db.GetService<IRelationalDatabaseCreator>().Exists())
            {
                log.WriteLine("corrections: none (no database yet; --corrections <file.jsonl> reads an export)");
                return [];
            }
            var records = db.LabelCorrections.AsNoTracking().OrderBy(c => c.CorrectedUtc).AsEnumerable().Select(c => CorrectionRecord.From(c)).ToList();
            log.WriteLine($"corrections: {records.Count} from the database");
            return records;
        }
        catch (DbException ex)
        {
            // A database the app has not yet brought to the current schema has no corrections table.
            log.WriteLine($"corrections: none read from the database ({ex.Message})");
            return [];
        }
    }
}
