using System.Globalization;
using System.IO.Compression;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// GDELT 2.0 events export: 61 tab-separated columns, no header. Per country (ActionGeo, else Actor1Geo; FIPS 10-4 codes) and day
/// (DATEADDED): events, conflict events (QuadClass 4 or CAMEO root 18–20) and mean Goldstein scale, one item per country and day.
/// </summary>
internal sealed class GdeltSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "gdelt";
    public static readonly Uri DefaultUrl = new("http://data.gdeltproject.org/gdeltv2/lastupdate.txt");
    private const int Columns = 61;

    public override bool Recognizes(string content)
    {
        var head = Head(content, 8000);
        var nl = head.IndexOf('\n');
        var line = (nl >= 0 ? head[..nl] : head).TrimEnd('\r').ToString();
        var f = line.Split('\t');
        return f.Length == Columns && long.TryParse(f[0], out _) && f[1].Length == 8;
    }

    private sealed class Tally
    {
        public int Events, Conflict;
        public double GoldsteinSum, ConflictGoldsteinSum;
        public int Mentions;

        public void Add(Tally o)
        {
            Events += o.Events;
            Conflict += o.Conflict;
            GoldsteinSum += o.GoldsteinSum;
            ConflictGoldsteinSum += o.ConflictGoldsteinSum;
            Mentions += o.Mentions;
        }
    }

    // Each export covers 15 minutes: the daily counts are the sum over the day's files, kept while the process runs.
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Iso2, string Day), Tally> _daily = [];
    private readonly HashSet<string> _files = [];

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location) => Items(Count(content));

    private static Dictionary<(string Iso2, string Day), Tally> Count(string content)
    {
        if (string.IsNullOrWhiteSpace(content)) throw new SourceFormatException("empty response: no GDELT events in it");
        var tallies = new Dictionary<(string Iso2, string Day), Tally>();
        int lineNo = 0, bad = 0;
        foreach (var raw in content.Split('\n'))
        {
            lineNo++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            if (f.Length != Columns)
            {
                // GDELT 1.0 files have 57/58 columns: never mix them up.
                if (++bad > 3 || lineNo == 1) throw new SourceFormatException($"not a GDELT 2.0 events export: line {lineNo} has {f.Length} tab-separated columns, expected {Columns}");
                continue;
            }
            var fips = f[53].Length > 0 ? f[53] : f[37];
            if (CountryTable.ByFips(fips) is not { } country) continue;
            var day = f[59].Length >= 8 ? f[59][..8] : f[1];
            if (!tallies.TryGetValue((country.Iso2, day), out var t)) tallies[(country.Iso2, day)] = t = new Tally();
            t.Events++;
            double.TryParse(f[30], NumberStyles.Float, CultureInfo.InvariantCulture, out var goldstein);
            int.TryParse(f[31], NumberStyles.Integer, CultureInfo.InvariantCulture, out var mentions);
            t.GoldsteinSum += goldstein;
            t.Mentions += mentions;
            int.TryParse(f[28], NumberStyles.Integer, CultureInfo.InvariantCulture, out var root);
            if (f[29] == "4" || root is >= 18 and <= 20)
            {
                t.Conflict++;
                t.ConflictGoldsteinSum += goldstein;
            }
        }
        return tallies;
    }

    private static List<CollectedItem> Items(IReadOnlyDictionary<(string Iso2, string Day), Tally> tallies)
    {
        var items = new List<CollectedItem>();
        foreach (var ((iso2, day), t) in tallies.OrderBy(p => p.Key.Day, StringComparer.Ordinal).ThenBy(p => p.Key.Iso2, StringComparer.Ordinal))
        {
            var date = Dates.Parse(day);
            var name = Indicators.CountryName(iso2);
            var mean = t.GoldsteinSum / t.Events;
            var isoDay = date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? day;
            items.Add(new CollectedItem
            {
                Source = SourceId,
                SourceItemId = $"{iso2}:{day}",
                Title = $"GDELT {isoDay}: {t.Conflict} conflict events of {t.Events} in {name}",
                Url = "https://www.gdeltproject.org/",
                Text = $"{name}, {isoDay}: {t.Events} events reported, {t.Conflict} material-conflict or violent (QuadClass 4, CAMEO 18–20); mean Goldstein scale {Indicators.Num(mean)}.",
                Published = date,
                Countries = [iso2],
                Language = "en",
                Extra = new Dictionary<string, string>
                {
                    ["day"] = isoDay,
                    ["events"] = t.Events.ToString(CultureInfo.InvariantCulture),
                    ["conflictEvents"] = t.Conflict.ToString(CultureInfo.InvariantCulture),
                    ["meanGoldstein"] = Indicators.Num(mean),
                    ["meanConflictGoldstein"] = t.Conflict > 0 ? Indicators.Num(t.ConflictGoldsteinSum / t.Conflict) : "",
                    ["mentions"] = t.Mentions.ToString(CultureInfo.InvariantCulture),
                },
            });
        }
        return items;
    }

    /// <summary>Reads lastupdate.txt, then the zipped export it names.</summary>
    public override async Task<IReadOnlyList<CollectedItem>> CollectAsync(IFetcher fetcher, CancellationToken ct)
    {
        var first = await fetcher.GetAsync(Url, ct);
        if (first.NotModified) return [];
        if (Recognizes(first.Content)) return Parse(first.Content, first.Url);
        var exportUrl = first.Content.Split('\n').Select(l => l.Trim().Split(' ').LastOrDefault() ?? "")
            .FirstOrDefault(u => u.EndsWith(".export.CSV.zip", StringComparison.OrdinalIgnoreCase));
        if (exportUrl is null || !Uri.TryCreate(first.Url, exportUrl, out var zipUrl))
            throw new SourceFormatException("GDELT lastupdate.txt names no .export.CSV.zip file");
        lock (_lock)
        {
            if (_files.Contains(zipUrl.ToString())) return [];
        }
        var zip = await fetcher.GetAsync(zipUrl, ct);
        if (zip.NotModified) return [];
        var latest = Count(Unzip(zip.Content));
        lock (_lock)
        {
            if (!_files.Add(zipUrl.ToString())) return [];
            foreach (var (key, t) in latest)
            {
                if (!_daily.TryGetValue(key, out var day)) _daily[key] = day = new Tally();
                day.Add(t);
            }
            // Keep two days: yesterday's totals still receive late files around midnight.
            var days = _daily.Keys.Select(k => k.Day).Distinct().OrderDescending(StringComparer.Ordinal).ToList();
            foreach (var old in _daily.Keys.Where(k => days.IndexOf(k.Day) >= 2).ToList()) _daily.Remove(old);
            if (_files.Count > 500) _files.Clear();
            var touched = latest.Keys.ToHashSet();
            return Items(_daily.Where(p => touched.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value));
        }
    }

    /// <summary>The fetcher decodes bodies as text; a zip comes back through Latin-1, which maps bytes one to one.</summary>
    internal static string Unzip(string latin1)
    {
        try
        {
            var bytes = System.Text.Encoding.Latin1.GetBytes(latin1);
            using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var entry = archive.Entries.FirstOrDefault() ?? throw new SourceFormatException("the GDELT zip is empty");
            using var reader = new StreamReader(entry.Open(), System.Text.Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (InvalidDataException ex)
        {
            throw new SourceFormatException("the GDELT export is not a readable zip: " + ex.Message, ex);
        }
    }
}
