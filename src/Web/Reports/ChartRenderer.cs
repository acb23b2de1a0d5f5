using RiskWatch.Core;
using ScottPlot;

namespace RiskWatch.Web.Reports;

/// <summary>Renders the briefing's two charts as PNG bytes; the DOCX and PDF writers embed them as images.</summary>
internal static class ChartRenderer
{
    // Wide and short, so the chart spans the text column of an A4 page without pushing the tables off it.
    public const int Width = 1000;
    public const int Height = 380;

    /// <summary>The score over time, one line per country (a legend when there are several).</summary>
    public static byte[] Trend(IReadOnlyList<(string Name, IReadOnlyList<TrendPoint> Points)> series, ReportText text, string fontFamily)
    {
        var plt = new Plot();
        var drawn = 0;
        foreach (var (name, points) in series)
        {
            if (points.Count == 0) continue;
            var ordered = points.OrderBy(p => p.Day).ToArray();
            var xs = ordered.Select(p => p.Day.DateTime.ToOADate()).ToArray();
            var ys = ordered.Select(p => p.Score).ToArray();
            var line = plt.Add.Scatter(xs, ys);
            if (series.Count > 1) line.LegendText = name; // ScottPlot shows a legend as soon as one series has a text
            line.LineWidth = 2;
            line.MarkerSize = ordered.Length > 40 ? 0 : 4;
            drawn++;
        }
        var dates = plt.Axes.DateTimeTicksBottom();
        if (dates.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic auto)
            auto.LabelFormatter = d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture); // not the US 11/27/2026
        plt.Axes.SetLimitsY(0, 100);
        if (drawn == 0) plt.Add.Annotation(text.NoData);
        if (drawn > 1) plt.ShowLegend(Alignment.UpperLeft);
        plt.Title(text.Trend);
        plt.YLabel(text.Score);
        return Render(plt, fontFamily);
    }

    /// <summary>Horizontal bars of items per category: horizontal so long category names stay readable.</summary>
    public static byte[] Distribution(IReadOnlyList<(RiskCategory Category, int Count)> counts, ReportText text, string fontFamily)
    {
        var plt = new Plot();
        if (counts.Count == 0)
        {
            plt.Add.Annotation(text.NoData);
        }
        else
        {
            // Most frequent at the top: bar positions count up from the bottom.
            var bars = counts.Select((c, i) => new Bar
            {
                Position = counts.Count - 1 - i,
                Value = c.Count,
                FillColor = Colors.SteelBlue,
                Label = c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }).ToList();
            var plot = plt.Add.Bars(bars);
            plot.Horizontal = true;
            plot.ValueLabelStyle.FontSize = 14;
            var ticks = counts.Select((c, i) => new Tick(counts.Count - 1 - i, text.CategoryName(c.Category))).ToArray();
            plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
            plt.Axes.Left.MajorTickStyle.Length = 0;
            plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true }; // counts
            plt.Axes.Margins(left: 0, right: 0.1);
        }
        plt.Title(text.DistributionTitle);
        plt.XLabel(text.ItemCount);
        return Render(plt, fontFamily);
    }

    private static byte[] Render(Plot plt, string fontFamily)
    {
        // Set last: Font.Set restyles the axes, title and legend that exist now; without it Chinese renders as boxes.
        plt.Font.Set(fontFamily);
        plt.Axes.Title.Label.FontSize = 20;
        foreach (var axis in new IAxis[] { plt.Axes.Bottom, plt.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = 14;
            axis.Label.FontSize = 15;
        }
        plt.Legend.FontSize = 14;
        return plt.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
