using System.Diagnostics;
using RiskWatch.Collectors;

namespace RiskWatch.Bench;

/// <summary>Parsers of two real formats over synthetic documents: the US RSS feed (XML + HTML descriptions) and the China destinations export (JSON).</summary>
internal static class ParseBench
{
    public static void Run(Report report, Scale scale)
    {
        var registry = SourceRegistry.CreateDefault();
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var gen = new Synthetic(11);
        Measure(report, "parse US feed", registry.Get("us-state-dept")!, gen.UsFeed(scale.UsFeedItems, 1, now), gen.UsFeed(20, 900_000, now), scale.UsFeedItems,
            "US State Department RSS 2.0 with HTML descriptions (FIPS Country-Tag, Threat-Level, Do-Not-Travel regions)");
        Measure(report, "parse China destinations", registry.Get("cn-mfa-destinations")!, gen.ChinaDestinations(scale.ChinaItems, 1), gen.ChinaDestinations(20, 900_000), scale.ChinaItems,
            "中国领事服务网 destinations export (JSON, colour levels and regions in Chinese text)");
    }

    private static void Measure(Report report, string name, ISource source, string doc, string warmup, int expected, string what)
    {
        for (int i = 0; i < 3; i++) source.Parse(warmup);
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var items = source.Parse(doc);
        var wall = sw.Elapsed.TotalSeconds;
        proc.Refresh();
        var cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        if (items.Count != expected) report.Note($"{name}: parsed {items.Count} items of {expected} generated");
        var withCountry = items.Count(i => i.Countries.Count > 0);
        report.Add(new Figure(name, Report.N(items.Count / Math.Max(cpu, 1e-6)), "items/s per core", null, null,
            $"{what}: one document of {items.Count:N0} items ({doc.Length / 1024.0 / 1024.0:F1} MB of text) parsed on one thread in {wall:F2} s wall, {cpu:F2} s CPU; " +
            $"{Report.N(items.Count / wall)} items/s wall clock; {withCountry:N0} items with a country, {items.Count(i => i.Level is not null):N0} with a level."));
    }
}
