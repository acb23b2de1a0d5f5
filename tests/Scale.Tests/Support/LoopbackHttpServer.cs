using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RiskWatch.Scale.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 serving fixed bodies per path, recording when each request arrived.</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (byte[] Body, string ContentType)> _routes = new();
    private readonly ConcurrentQueue<(string Path, DateTimeOffset At)> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public Uri BaseUri { get; }

    public LoopbackHttpServer()
    {
        BaseUri = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    public void Serve(string path, string body, string contentType) => _routes["/" + path.TrimStart('/')] = (Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>When each request for <paramref name="path"/> arrived, in order.</summary>
    public IReadOnlyList<DateTimeOffset> RequestTimes(string path) =>
        _requests.Where(r => r.Path == "/" + path.TrimStart('/')).Select(r => r.At).OrderBy(t => t).ToList();

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
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = r.ContentType;
            ctx.Response.ContentLength64 = r.Body.Length;
            await ctx.Response.OutputStream.WriteAsync(r.Body, _stop.Token);
            ctx.Response.Close();
        }
        catch (Exception) when (_stop.IsCancellationRequested) { }
        catch (HttpListenerException) { }
        catch (IOException) { }
    }

    public static int FreePort()
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
