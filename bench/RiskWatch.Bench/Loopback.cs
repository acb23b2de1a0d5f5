using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpReply = SmtpServer.Protocol.SmtpResponse; // MailKit has its own SmtpResponse

namespace RiskWatch.Bench;

/// <summary>A real SMTP server (SmtpServer package) on a random loopback port that counts what it accepts and when.</summary>
internal sealed class LoopbackSmtp : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly Store _store;
    private readonly Task _run;

    public int Port { get; }
    public int Count => _store.Count;

    /// <summary>Arrival times (Stopwatch timestamps) and raw messages of everything accepted.</summary>
    public ConcurrentQueue<(long At, byte[] Mime)> Received => _store.Received;

    private LoopbackSmtp(int port, Task run, Store store, CancellationTokenSource cts) { Port = port; _run = run; _store = store; _cts = cts; }

    public static async Task<LoopbackSmtp> StartAsync(bool keep)
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var factory = new EndpointListenerFactory();
        factory.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))).Build();
        var store = new Store(keep);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        services.Add(factory);
        var server = new SmtpServer.SmtpServer(options, services);
        var cts = new CancellationTokenSource();
        var run = server.StartAsync(cts.Token);
        var port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new LoopbackSmtp(port, run, store, cts);
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try { await _run.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException) { }
        _cts.Dispose();
    }

    private sealed class Store(bool keep) : MessageStore
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public readonly ConcurrentQueue<(long, byte[])> Received = new();

        public override Task<SmtpReply> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (keep) Received.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp(), buffer.ToArray()));
            Interlocked.Increment(ref _count);
            return Task.FromResult(SmtpReply.Ok);
        }
    }
}

/// <summary>A loopback HTTP server (HttpListener) serving one document that the benchmark can change; counts requests.</summary>
internal sealed class LoopbackHttp : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private volatile byte[] _body = [];
    private int _requests;

    public string Url { get; }
    public int Requests => Volatile.Read(ref _requests);
    public string ContentType { get; set; } = "application/rss+xml; charset=utf-8";

    public LoopbackHttp()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public void Set(string body) => _body = Encoding.UTF8.GetBytes(body);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            Interlocked.Increment(ref _requests);
            try
            {
                var body = _body;
                ctx.Response.ContentType = ContentType;
                ctx.Response.ContentLength64 = body.Length;
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
