using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace RiskWatch.Bench;

/// <summary>One measured figure. <see cref="Goal"/> is null for a figure with no goal (printed without a goal clause).</summary>
internal sealed record Figure(string Name, string Value, string Unit, string? Goal, bool? Met, string Detail)
{
    public string Line => Goal is null
        ? $"{Name}: {Value}{(Unit.Length > 0 ? " " + Unit : "")}"
        : $"{Name}: {Value} {Unit} (goal: {Goal}){(Met is bool m ? m ? " [met]" : " [NOT met]" : "")}";
}

/// <summary>Collects figures as they are measured, prints each at once and writes the Markdown report at the end.</summary>
internal sealed class Report(bool quick, string command)
{
    private readonly List<(string Section, Figure Figure)> _figures = [];
    private readonly List<string> _notes = [];
    private readonly DateTimeOffset _started = TimeProvider.System.GetUtcNow();
    private readonly string _loadBefore = LoadAverage();
    private string _section = "";

    /// <summary>The highest 1-minute load average seen at the start of a section.</summary>
    public double MaxLoad { get; private set; }

    public void Section(string name)
    {
        var load = LoadAverage().Split(' ')[0];
        if (double.TryParse(load, NumberStyles.Float, CultureInfo.InvariantCulture, out var l)) MaxLoad = Math.Max(MaxLoad, l);
        _section = $"{name} (load {load})";
        Console.WriteLine();
        Console.WriteLine($"## {name} (load average {load})");
    }

    public void Add(Figure f)
    {
        _figures.Add((_section, f));
        Console.WriteLine(f.Line);
        if (f.Detail.Length > 0) Console.WriteLine($"   {f.Detail}");
    }

    public void Note(string text)
    {
        _notes.Add(text);
        Console.WriteLine($"   note: {text}");
    }

    public static string N(double v, string format = "N0") => v.ToString(format, CultureInfo.InvariantCulture);

    public static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    public string Markdown(TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        sb.AppendLine(quick ? "# Benchmarks (quick run)" : "# Benchmarks");
        sb.AppendLine();
        sb.AppendLine("Written by the benchmark suite in `bench/RiskWatch.Bench`; every figure below was measured by the run described here, nothing is copied from elsewhere.");
        sb.AppendLine();
        sb.AppendLine("## Run");
        sb.AppendLine();
        sb.AppendLine($"- Command: `{command}`");
        sb.AppendLine($"- Date: {_started:yyyy-MM-dd HH:mm} UTC, run time {elapsed.TotalMinutes:F1} min");
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} cores, {CpuModel()}, {MemoryTotal()} memory, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        var commit = Environment.GetEnvironmentVariable("RISKWATCH_BENCH_COMMIT") is { Length: > 0 } c ? c : Git("rev-parse --short HEAD");
        var dirty = Git("status --porcelain src");
        sb.AppendLine($"- Code measured: commit {commit}" + (dirty.Length > 0
            ? $" plus uncommitted changes in src/ at the time of the run ({dirty.Split('\n').Length} files being edited by other engineers)"
            : " (a clean checkout of that commit)"));
        sb.AppendLine($"- Runtime: .NET {Environment.Version}, Release build, workstation GC");
        sb.AppendLine($"- Load average (1/5/15 min) before: {_loadBefore}; after: {LoadAverage()}. The machine is shared with other builds and test runs, so figures carry that noise.");
        sb.AppendLine();
        sb.AppendLine("## Figures");
        sb.AppendLine();
        sb.AppendLine("The area column gives the 1-minute load average when that area started: on this 2-core machine anything above 2 means other processes were competing for the CPU.");
        sb.AppendLine();
        sb.AppendLine("| area | figure | value | goal | met |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var (section, f) in _figures)
            sb.AppendLine($"| {section} | {f.Name} | {f.Value} {f.Unit} | {f.Goal ?? "—"} | {(f.Met is bool m ? m ? "yes" : "**no**" : "—")} |");
        sb.AppendLine();
        sb.AppendLine("## How each figure was measured");
        sb.AppendLine();
        foreach (var (section, f) in _figures.Where(x => x.Figure.Detail.Length > 0))
            sb.AppendLine($"- **{f.Name}**: {f.Detail}");
        if (_notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Notes");
            sb.AppendLine();
            foreach (var n in _notes) sb.AppendLine($"- {n}");
        }
        return sb.ToString();
    }

    private static string Git(string arguments)
    {
        try
        {
            var psi = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : "";
        }
        catch (System.ComponentModel.Win32Exception) { return ""; }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "CPU model unknown" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { return "CPU model unknown"; }
    }

    private static string MemoryTotal()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return $"{kb / 1024.0 / 1024.0:F1} GB";
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException) { return "unknown"; }
    }
}

/// <summary>Latency percentiles over a set of samples in milliseconds.</summary>
internal static class Stats
{
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static double Ms(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
}
