using System.Diagnostics;
using RiskWatch.Core;
using RiskWatch.Search.Lucene;
using Xunit.Abstractions;

namespace RiskWatch.Search.Tests;

/// <summary>A killed process must leave an index that opens, with every batch it reported as written.</summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KilledWriterProcess_LeavesAnIndexThatOpensWithEveryCommittedBatch()
    {
        using var folder = new TempFolder();
        var dll = typeof(Program).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", dll, "crash-writer", folder.Path }) psi.ArgumentList.Add(a);

        using var child = Process.Start(psi)!;
        int committed = 0;
        var deadline = Stopwatch.StartNew();
        // Let a few batches commit, then kill while the next one is being written (the writer never pauses between batches).
        while (committed < 3 * Program.BatchSize && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var line = await child.StandardOutput.ReadLineAsync();
            if (line is null) break;
            if (line.StartsWith("committed ", StringComparison.Ordinal)) committed = int.Parse(line["committed ".Length..]);
        }
        if (committed < 3 * Program.BatchSize)
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail("the writer process did not get going: " + await child.StandardError.ReadToEndAsync());
        }
        await Task.Delay(Random.Shared.Next(5, 60));
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        output.WriteLine($"killed after {committed} reported items; files: {string.Join(", ", Directory.GetFiles(folder.Path).Select(Path.GetFileName))}");

        using var index = new LuceneRiskIndex(folder.Path);
        var count = await index.CountAsync(CancellationToken.None);
        output.WriteLine($"reopened with {count} items");
        Assert.True(count >= committed, $"{count} < {committed}");
        Assert.Equal(0, count % Program.BatchSize);
        Assert.NotNull(await index.GetAsync($"k{committed - 1:D7}", CancellationToken.None));
        Assert.Equal(count, (await index.SearchAsync(new SearchQuery { Size = 1 }, CancellationToken.None)).Total);

        // And the reopened index takes writes again.
        await index.UpsertAsync([Some.Synthetic(999_999, "after")], CancellationToken.None);
        Assert.Equal(count + 1, await index.CountAsync(CancellationToken.None));
    }
}
