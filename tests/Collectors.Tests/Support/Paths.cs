using Xunit.Abstractions;

namespace RiskWatch.Collectors.Tests.Support;

/// <summary>Where the fixtures and the shared real captures are.</summary>
internal static class Paths
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string ReadFixture(string name) => File.ReadAllText(Fixture(name));

    /// <summary>../shared/reference/sources next to the repository root (the folder holding RiskWatch.sln), or null.</summary>
    public static string? SharedSources()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RiskWatch.sln"))) dir = dir.Parent;
        if (dir?.Parent is null) return null;
        var path = Path.Combine(dir.Parent.FullName, "shared", "reference", "sources");
        return Directory.Exists(path) ? path : null;
    }

    /// <summary>The real capture's path, or null after telling the test output why the test does nothing.</summary>
    public static string? Capture(ITestOutputHelper output, string relative)
    {
        var root = SharedSources();
        var path = root is null ? null : Path.Combine(root, relative);
        if (path is null || !File.Exists(path))
        {
            output.WriteLine($"SKIPPED: the real capture ../shared/reference/sources/{relative} is not present on this machine; nothing was checked.");
            return null;
        }
        return path;
    }
}
