using System.Globalization;
using System.Text.RegularExpressions;
using RiskWatch.Core;

namespace RiskWatch.Scoring.Country;

/// <summary>
/// Feeds <see cref="ICountryIndicators"/> from ingested World Bank items. A RiskItem has no Extra, but the World Bank source
/// writes one line per indicator into the text ("Political Stability … (PV.EST), 2022: -0.53"), which is read back here.
/// </summary>
internal sealed partial class IndicatorListener(ICountryIndicators indicators) : IItemListener
{
    [GeneratedRegex(@"\((?<code>[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+)\),\s*(?<year>\d{4}):\s*(?<value>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)")]
    private static partial Regex Line();

    public Task OnIngestedAsync(IngestBatch batch, CancellationToken ct)
    {
        var values = new List<(string, string, int, double)>();
        foreach (var item in batch.Added.Concat(batch.Updated))
        {
            if (!item.Source.StartsWith("worldbank", StringComparison.OrdinalIgnoreCase) || item.Countries.Count == 0) continue;
            foreach (Match m in Line().Matches(item.Text))
            {
                var code = CountryIndicatorsExtensions.NormalizeCode(m.Groups["code"].Value);
                if (code is null || !double.TryParse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) continue;
                values.Add((item.Countries[0], code, int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture), v));
            }
        }
        return values.Count == 0 ? Task.CompletedTask : indicators.SetAsync(values, ct);
    }
}
