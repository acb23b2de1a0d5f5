using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RiskWatch.Collectors.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 (System.Net.HttpListener) with routes set per test.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Func<HttpListenerContext, Task>> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Every request received: path and the headers that matter to the tests.</summary>
    public ConcurrentQueue<(string Path, string? IfNoneMatch, string? IfModifiedSince, string? UserAgent)> Requests { get; } = new();

    public Uri BaseUrl { get; }

    public CancellationToken Stopping => _stop.Token;

    public LoopbackServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url(string path) => new(BaseUrl, path.TrimStart('/'));

    public void Map(string path, Func<HttpListenerContext, Task> handler) => _routes["/" + path.TrimStart('/')] = handler;

    public void MapBytes(string path, byte[] body, string contentType, int status = 200, Action<HttpListenerResponse>? headers = null) =>
        Map(path, async ctx =>
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            headers?.Invoke(ctx.Response);
            ctx.Response.ContentLength64 = body.Length;
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        });

    public void MapText(string path, string body, string contentType = "application/xml; charset=utf-8", int status = 200) =>
        MapBytes(path, Encoding.UTF8.GetBytes(body), contentType, status);

    public void MapFixture(string path, string fixture, string contentType) => MapBytes(path, File.ReadAllBytes(Paths.Fixture(fixture)), contentType);

    public int Count(string path) => Requests.Count(r => r.Path.Equals("/" + path.TrimStart('/'), StringComparison.OrdinalIgnoreCase));

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                var path = ctx.Request.Url!.AbsolutePath;
                Requests.Enqueue((path, ctx.Request.Headers["If-None-Match"], ctx.Request.Headers["If-Modified-Since"], ctx.Request.UserAgent));
                try
                {
                    if (_routes.TryGetValue(path, out var handler)) await handler(ctx);
                    else { ctx.Response.StatusCode = 404; ctx.Response.Close(); }
                }
                catch (Exception)
                {
                    try { ctx.Response.Abort(); } catch (ObjectDisposedException) { }
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
    }
}
