using System.Diagnostics;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Matching;
using RiskWatch.Core;

namespace RiskWatch.Bench;

/// <summary>
/// One item against N subscriptions through the Alerts module's subscription index (what AlertMatcher.MatchItem calls),
/// and the cost of keeping the index up to date while subscriptions change.
/// </summary>
internal static class MatchingBench
{
    // Risk terms that occur in the synthetic texts (Chinese and English); subscribers also type them.
    private static readonly string[] RiskTerms =
    [
        "attack", "袭击", "bomb", "爆炸", "kidnapping", "绑架", "protest", "示威", "strike", "罢工", "curfew", "宵禁", "earthquake", "地震",
        "flooding", "洪灾", "cholera", "霍乱", "dengue", "登革热", "sanctions", "制裁", "coup", "政变", "inflation", "通货膨胀",
        "tariffs", "关税", "export controls", "出口管制", "militants", "武装分子", "airstrikes", "空袭", "ceasefire", "停火", "robbery", "抢劫",
    ];

    private const string NameChars = "中华建投能源港电矿铁路通信科技集团国际工程海运航空石油化工钢材水利农业银行证券保险";
    private static readonly string[] Syllables = ["ka", "mo", "ru", "san", "tel", "vi", "do", "ra", "ne", "lo", "pa", "ti", "gen", "zor", "mi", "ba", "qu", "ex", "on", "ar"];

    public static void Run(Report report, Scale scale)
    {
        var rnd = new Random(7);
        var countries = Synthetic.Countries.Select(c => c.Iso2).ToArray();
        // Interest is skewed: a few countries are followed by many subscribers (weights 1/sqrt(rank)).
        var weights = countries.Select((_, i) => 1.0 / Math.Sqrt(i + 1)).ToArray();
        var sum = weights.Sum();
        string Pick()
        {
            var x = rnd.NextDouble() * sum;
            for (int i = 0; i < weights.Length; i++) { x -= weights[i]; if (x <= 0) return countries[i]; }
            return countries[^1];
        }
        // Keyword filters are mostly names (companies, projects, cities: rarely in a text) and sometimes risk terms,
        // from a large vocabulary: 20,000 names, popularity ∝ 1/rank.
        var names = Enumerable.Range(0, 20_000).Select(i => i % 2 == 0
            ? string.Concat(Enumerable.Range(0, 2 + rnd.Next(3)).Select(_ => NameChars[rnd.Next(NameChars.Length)]))
            : string.Concat(Enumerable.Range(0, 2 + rnd.Next(3)).Select(_ => Syllables[rnd.Next(Syllables.Length)])) + (rnd.Next(3) == 0 ? " mining" : "")).ToArray();
        var nameCdf = Cdf(names.Length, rank => 1.0 / rank);
        string Keyword() => rnd.NextDouble() < 0.3 ? RiskTerms[rnd.Next(RiskTerms.Length)] : names[Draw(nameCdf, rnd.NextDouble())];

        var cats = RiskCategories.All.Select(c => c.Key()).ToArray();
        Subscription NewSubscription(long i)
        {
            var all = rnd.NextDouble() < 0.02;
            return new Subscription
            {
                Id = i,
                Email = $"u{i}@example.test",
                Countries = all ? [] : Enumerable.Range(0, rnd.Next(1, 6)).Select(_ => Pick()).Distinct().ToList(),
                MinLevel = rnd.Next(1, 6),
                Categories = rnd.NextDouble() < 0.3 ? Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => cats[rnd.Next(cats.Length)]).Distinct().ToList() : [],
                Keywords = rnd.NextDouble() < 0.1 ? Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => Keyword()).Distinct().ToList() : [],
                Confirmed = true,
                Language = rnd.Next(2) == 0 ? "zh-CN" : "en",
            };
        }

        var index = new SubscriptionIndex();
        var entries = Enumerable.Range(1, scale.Subscriptions).Select(i => MatchEntry.From(NewSubscription(i))).ToList();
        var sw = Stopwatch.StartNew();
        index.Load(entries); // timed apart from generating the subscriptions
        var load = sw.Elapsed.TotalSeconds;
        entries = null;
        var distinctKeywords = index.DistinctKeywords;

        var gen = new Synthetic(8);
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var items = Enumerable.Range(0, scale.MatchItems).Select(i => gen.Item(i, now) with { Countries = rnd.Next(10) == 0 ? [Pick(), Pick()] : [Pick()] }).ToArray();
        // As AlertListener does: one buffer reused over a batch (MatchItem → SubscriptionIndex.MatchInto).
        var buffer = new List<MatchEntry>();
        foreach (var it in items.Take(500)) index.MatchInto(buffer, it.Countries, it.Level, it.Category, it.Title, it.Text); // warm-up
        var times = new double[items.Length];
        var cpuTimes = new double[items.Length];
        long matched = 0;
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var alloc0 = GC.GetAllocatedBytesForCurrentThread();
        var gen2 = GC.CollectionCount(2);
        for (int i = 0; i < items.Length; i++)
        {
            var c0 = ThreadCpu.Ms();
            var t0 = Stopwatch.GetTimestamp();
            index.MatchInto(buffer, items[i].Countries, items[i].Level, items[i].Category, items[i].Title, items[i].Text);
            times[i] = Stats.Ms(t0);
            cpuTimes[i] = ThreadCpu.Ms() - c0;
            matched += buffer.Count;
        }
        var allocPerItem = (GC.GetAllocatedBytesForCurrentThread() - alloc0) / (double)items.Length;
        gen2 = GC.CollectionCount(2) - gen2;
        proc.Refresh();
        var cpuMs = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / items.Length;
        Array.Sort(times);
        Array.Sort(cpuTimes);
        var p99 = Stats.Percentile(times, 0.99);
        var meanMatches = matched / (double)items.Length;

        // The same items through Match, which allocates a fresh result array per item (a large object at these sizes).
        var fresh = new double[items.Length];
        var gen2Fresh = GC.CollectionCount(2);
        for (int i = 0; i < items.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            GC.KeepAlive(index.Match(items[i].Countries, items[i].Level, items[i].Category, items[i].Title, items[i].Text));
            fresh[i] = Stats.Ms(t0);
        }
        gen2Fresh = GC.CollectionCount(2) - gen2Fresh;
        Array.Sort(fresh);

        // Keeping up with subscription changes: confirm (add), change, unsubscribe (remove), one at a time, at full size.
        var updates = new double[Math.Min(20_000, scale.Subscriptions)];
        for (int i = 0; i < updates.Length; i++)
        {
            var kind = i % 3;
            var e = MatchEntry.From(NewSubscription(kind == 0 ? scale.Subscriptions + 1 + i : 1 + rnd.Next(scale.Subscriptions)));
            var t0 = Stopwatch.GetTimestamp();
            if (kind == 2) index.Remove(e.Id); else index.Upsert(e);
            updates[i] = Stats.Ms(t0);
        }
        Array.Sort(updates);
        // A keyword nobody had before: searched plainly until the automaton is rebuilt in the background; no match waits for the build.
        var rebuild = new double[5];
        for (int i = 0; i < rebuild.Length; i++)
        {
            index.Upsert(MatchEntry.From(new Subscription { Id = scale.Subscriptions + 1_000_000 + i, Email = "new@example.test", Countries = ["CN"], Keywords = ["新关键词" + i], Confirmed = true }));
            var t0 = Stopwatch.GetTimestamp();
            index.MatchInto(buffer, items[i].Countries, items[i].Level, items[i].Category, items[i].Title, items[i].Text);
            rebuild[i] = Stats.Ms(t0);
        }
        Array.Sort(rebuild);

        report.Add(new Figure($"matching p99, one item against {scale.Subscriptions:N0} subscriptions", Report.N(p99, "F3"), "ms", "<= 1 ms", p99 <= 1,
            $"SubscriptionIndex.MatchInto into one reused buffer, as AlertMatcher.MatchItem is called by AlertListener (posting lists of subscriptions per country or all-countries × minimum level × category or any, " +
            $"concatenated without intersection; keyword filters through one Aho–Corasick pass over the item) for {items.Length:N0} generated items " +
            $"(about 1 KB of Chinese or English text each, 10 % about two countries); subscriptions: 2 % all countries, 1–5 countries each " +
            $"with popularity ∝ 1/√rank over {countries.Length} countries, 30 % with category filters, 10 % with 1–3 keywords " +
            $"({distinctKeywords:N0} distinct: 30 % risk terms that occur in the texts, 70 % company/project names with popularity ∝ 1/rank); " +
            $"p50 {Stats.Percentile(times, 0.5):F3} ms, p90 {Stats.Percentile(times, 0.9):F3} ms, max {times[^1]:F3} ms, {meanMatches:N0} matching subscriptions per item on average; " +
            $"thread CPU time per item p50 {Stats.Percentile(cpuTimes, 0.5):F3} ms, p99 {Stats.Percentile(cpuTimes, 0.99):F3} ms; {cpuMs:F3} ms of process CPU per item on average; " +
            $"{allocPerItem:N0} bytes allocated per item, {gen2} gen-2 collections. " +
            $"Through Match with a fresh result array per item ({meanMatches * 8 / 1024:N0} KB{(meanMatches * 8 >= 85_000 ? ", a large object" : "")}): p50 {Stats.Percentile(fresh, 0.5):F3} ms, p99 {Stats.Percentile(fresh, 0.99):F3} ms, {gen2Fresh} gen-2 collections. " +
            $"index load {load:F1} s; updates (add, change, remove; {updates.Length:N0}) p50 {Stats.Percentile(updates, 0.5):F3} ms, p99 {Stats.Percentile(updates, 0.99):F3} ms; " +
            $"a match right after a new distinct keyword was added (before the background rebuild of the automaton) {Stats.Percentile(rebuild, 0.5):F3} ms (median of {rebuild.Length}). " +
            "A p99 far above the p50 on a loaded machine is the thread waiting for a core, not work."));
    }

    /// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID): the work itself, without the time spent waiting for a core.</summary>
    private static class ThreadCpu
    {
        private struct TimeSpec { public long Seconds; public long Nanoseconds; }

        // DllImport rather than LibraryImport: the bench does not allow unsafe code, and this struct is blittable.
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec ts);

        public static double Ms()
        {
            if (!OperatingSystem.IsLinux()) return double.NaN;
            return ClockGetTime(3, out var ts) == 0 ? ts.Seconds * 1e3 + ts.Nanoseconds / 1e6 : double.NaN;
        }
    }

    private static double[] Cdf(int n, Func<int, double> weight)
    {
        var cdf = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) cdf[i] = acc += weight(i + 1);
        for (int i = 0; i < n; i++) cdf[i] /= acc;
        return cdf;
    }

    private static int Draw(double[] cdf, double u)
    {
        int i = Array.BinarySearch(cdf, u);
        return Math.Min(i < 0 ? ~i : i, cdf.Length - 1);
    }
}
