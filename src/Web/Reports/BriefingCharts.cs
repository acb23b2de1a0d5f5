namespace RiskWatch.Web.Reports;

/// <summary>The PNG charts of one briefing, rendered once and shared by the DOCX and PDF writers.</summary>
internal sealed record BriefingCharts(byte[]? OverviewTrend, byte[]? OverviewDistribution, IReadOnlyList<(byte[] Trend, byte[] Distribution)> PerCountry)
{
    public static BriefingCharts Render(BriefingData data, ReportText t, string fontFamily)
    {
        byte[]? overviewTrend = null, overviewDistribution = null;
        if (data.Countries.Count > 1)
        {
            overviewTrend = ChartRenderer.Trend(data.Countries.Select(c => (t.CountryName(c.Iso2), c.Trend)).ToList(), t, fontFamily);
            overviewDistribution = ChartRenderer.Distribution(ReportText.Distribution(data.Countries.SelectMany(c => c.Items)), t, fontFamily);
        }
        var perCountry = new (byte[], byte[])[data.Countries.Count];
        // Each Plot is independent, so countries render in parallel; a period briefing of 20 countries is 40 charts.
        Parallel.For(0, data.Countries.Count, i =>
        {
            var c = data.Countries[i];
            perCountry[i] = (ChartRenderer.Trend([(t.CountryName(c.Iso2), c.Trend)], t, fontFamily),
                             ChartRenderer.Distribution(ReportText.Distribution(c.Items), t, fontFamily));
        });
        return new BriefingCharts(overviewTrend, overviewDistribution, perCountry);
    }
}
