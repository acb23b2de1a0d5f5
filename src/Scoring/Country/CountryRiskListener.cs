using RiskWatch.Core;

namespace RiskWatch.Scoring.Country;

/// <summary>
/// Re-scores the countries an ingest batch moved (an official level changed, or a severe item arrived) and records the
/// day's snapshot, so history and level-change events follow the evidence without waiting for the daily run.
/// At most <see cref="MaxCountriesPerBatch"/> countries per batch; the rest wait for the daily snapshot.
/// </summary>
internal sealed class CountryRiskListener(CountryRiskService service) : IItemListener
{
    public const int MaxCountriesPerBatch = 20;

    public async Task OnIngestedAsync(IngestBatch batch, CancellationToken ct)
    {
        var countries = batch.LevelChanges.Select(c => c.Country)
            .Concat(batch.Added.Concat(batch.Updated).Where(i => i.OfficialLevel is not null || i.Severity >= 4).SelectMany(i => i.Countries))
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxCountriesPerBatch).ToList();
        foreach (var c in countries)
            await service.ScoreAndRecordAsync(c, ct);
    }
}
