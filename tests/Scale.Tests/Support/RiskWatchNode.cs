using System.Diagnostics;
using System.Text;

namespace RiskWatch.Scale.Tests.Support;

/// <summary>
/// One RiskWatch process (the built RiskWatch.Web.dll under <c>dotnet</c>) with its own data folder and port, started
/// with settings as command-line configuration; its console output is kept for the test to read.
/// </summary>
public sealed class RiskWatchNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory;

    public string Name { get; }
    public Uri BaseUri { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    private RiskWatchNode(string name, Process process, Uri baseUri, string dataDirectory)
    {
        Name = name; _process = process; BaseUri = baseUri; _dataDirectory = dataDirectory;
    }

    /// <summary>Everything the process wrote so far (stdout and stderr).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>How many lines of the output contain <paramref name="text"/>.</summary>
    public int Count(string text) => Output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    public static async Task<RiskWatchNode> StartAsync(string name, IDictionary<string, string> settings, TimeSpan timeout)
    {
        var dll = WebDll();
        var port = LoopbackHttpServer.FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var data = Path.Combine(Path.GetTempPath(), "riskwatch-scale-tests", "node-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(data);
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls=" + baseUri.ToString().TrimEnd('/'));
        psi.ArgumentList.Add("--RiskWatch:DataDirectory=" + data);
        foreach (var (k, v) in settings) psi.ArgumentList.Add($"--{k}={v}");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // A home of its own, like a node on another machine: nothing per-user (such as a key ring under ~/.aspnet) is shared by accident.
        psi.Environment["HOME"] = data;
        psi.Environment["DOTNET_gcServer"] = "0";
        // One line per log entry with a timestamp, so tests can count entries.
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        psi.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        var process = new Process { StartInfo = psi };
        var node = new RiskWatchNode(name, process, baseUri, data);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode} while starting:\n{node.Output}");
            try
            {
                using var r = await http.GetAsync(new Uri(baseUri, "healthz"));
                if ((int)r.StatusCode < 500 || r.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable) return node;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        await node.DisposeAsync();
        throw new TimeoutException($"{name} did not answer on {baseUri} within {timeout}:\n{node.Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>SIGKILL, like <c>kill -9</c>: no shutdown code runs, the node's cluster check-ins just stop.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>The build of RiskWatch.Web in the same configuration as this test assembly (Release under scripts/test.sh).</summary>
    public static string WebDll()
    {
        var baseDir = AppContext.BaseDirectory;
        var dir = new DirectoryInfo(baseDir);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RiskWatch.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"no RiskWatch.sln above {baseDir}");
        var configuration = baseDir.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        foreach (var c in new[] { configuration, configuration == "Release" ? "Debug" : "Release" })
        {
            var dll = Path.Combine(dir.FullName, "src", "Web", "bin", c, "net10.0", "RiskWatch.Web.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new InvalidOperationException($"RiskWatch.Web.dll is not built under {dir.FullName}/src/Web/bin: build src/Web first");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A polite stop first (SIGTERM lets the host leave the cluster), then the hard one.
            try { Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit(2000); }
            catch (System.ComponentModel.Win32Exception) { }
            if (!_process.WaitForExit(10_000)) Kill();
        }
        await Task.Yield();
        _process.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
