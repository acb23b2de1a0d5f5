using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Storage;

namespace RiskWatch.Scale.Tests.Support;

/// <summary>A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps every message it receives.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private readonly Task _running;

    public int Port { get; }
    public IReadOnlyCollection<MimeMessage> Messages => _store.Messages;

    public SmtpSink()
    {
        Port = LoopbackHttpServer.FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port))).Build();
        var provider = new ServiceProvider();
        provider.Add(_store);
        _running = new SmtpServer.SmtpServer(options, provider).StartAsync(_stop.Token);
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, ct));
            return SmtpServer.Protocol.SmtpResponse.Ok;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
    }
}
