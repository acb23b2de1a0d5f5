using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using RiskWatch.Web.Tests.Support;

namespace RiskWatch.Faults.Tests.Support;

/// <summary>
/// The built app (src/Web/bin/&lt;Config&gt;/net10.0/RiskWatch.Web.dll) as a child process on a loopback port with its own data
/// folder, so a test can kill the whole process (kill -9) and start it again on the same folder.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public Uri BaseUri { get; }
    public HttpClient Client { get; }
    public string DataDirectory { get; }

    private AppProcess(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        DataDirectory = dataDirectory;
        var port = LoopbackHttpServer.FreePort();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
        };
        psi.ArgumentList.Add(WebDll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(BaseUri.ToString().TrimEnd('/'));
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["RiskWatch__DataDirectory"] = dataDirectory;
        // No official site is contacted from tests.
        psi.Environment["RiskWatch__Sources__us-state-dept__Enabled"] = "false";
        foreach (var (k, v) in settings) psi.Environment[k.Replace(":", "__")] = v;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 400) _output.TryDequeue(out _);
    }

    /// <summary>The last lines the app wrote, for failure messages.</summary>
    public string Output => string.Join('\n', _output.TakeLast(60));

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the app and waits until it answers HTTP.</summary>
    public static async Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        SeedModel.CopyInto(dataDirectory);
        var app = new AppProcess(dataDirectory, settings ?? new Dictionary<string, string>());
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (app._process.HasExited) throw new InvalidOperationException($"the app exited with {app._process.ExitCode}:\n{app.Output}");
            try
            {
                using var r = await app.Client.GetAsync("/healthz");
                return app;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"the app did not answer within 90 s:\n{app.Output}");
    }

    /// <summary>kill -9 of the app and everything it started.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>GET /api/items total for a query string.</summary>
    public async Task<long> TotalAsync(string query = "")
    {
        var doc = await Client.GetFromJsonAsync<JsonElement>("/api/items?size=1" + (query.Length > 0 ? "&" + query : ""));
        return doc.GetProperty("total").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private static readonly Lazy<string> WebDllPath = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RiskWatch.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("RiskWatch.sln not found above " + AppContext.BaseDirectory);
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(dir.FullName, "src", "Web", "bin", config, "net10.0", "RiskWatch.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Web first", dll);
    });

    public static string WebDll => WebDllPath.Value;
}

/// <summary>A temp data folder deleted at the end.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "riskwatch-faults", Guid.NewGuid().ToString("n"));
    public TempFolder() => Directory.CreateDirectory(Path);
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public static class Wait
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, int seconds, Func<string>? context = null)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        T last = default!;
        Exception? error = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                last = await probe();
                error = null;
                if (done(last)) return last;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException) { error = ex; }
            await Task.Delay(300);
        }
        throw new TimeoutException($"condition not met within {seconds}s; last value: {last}; last error: {error?.Message}\n{context?.Invoke()}");
    }
}
