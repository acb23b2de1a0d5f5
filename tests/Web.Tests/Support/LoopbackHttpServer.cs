using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RiskWatch.Web.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 serving what each test puts at a path (bytes, a status, a delay).</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    public sealed record Response(byte[] Body, int Status = 200, string ContentType = "application/xml; charset=utf-8", TimeSpan Delay = default);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Response> _routes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public Uri BaseUri { get; }
    private readonly ConcurrentQueue<(string Path, DateTimeOffset At)> _requests = new();

    /// <summary>How many requests arrived, for any path.</summary>
    public int Requests => _requests.Count;

    /// <summary>When each request for <paramref name="path"/> arrived, in order.</summary>
    public IReadOnlyList<DateTimeOffset> RequestTimes(string path) =>
        _requests.Where(r => r.Path == "/" + path.TrimStart('/')).Select(r => r.At).OrderBy(t => t).ToList();

    public LoopbackHttpServer()
    {
        var port = FreePort();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    public void Serve(string path, Response response) => _routes["/" + path.TrimStart('/')] = response;

    public void Serve(string path, string body, string contentType = "application/xml; charset=utf-8") =>
        Serve(path, new Response(System.Text.Encoding.UTF8.GetBytes(body), 200, contentType));

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        var path = ctx.Request.Url!.AbsolutePath;
        _requests.Enqueue((path, DateTimeOffset.UtcNow));
        try
        {
            if (!_routes.TryGetValue(path, out var r))
            {
                ctx.Response.StatusCode = 404;
                ctx.Response.Close();
                return;
            }
            if (r.Delay > TimeSpan.Zero) await Task.Delay(r.Delay, _stop.Token);
            ctx.Response.StatusCode = r.Status;
            ctx.Response.ContentType = r.ContentType;
            ctx.Response.ContentLength64 = r.Body.Length;
            await ctx.Response.OutputStream.WriteAsync(r.Body, _stop.Token);
            ctx.Response.Close();
        }
        catch (Exception) when (_stop.IsCancellationRequested) { }
        catch (HttpListenerException) { }
        catch (IOException) { }
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try { await _loop; } catch (Exception) { }
    }
}
