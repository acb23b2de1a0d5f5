using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Storage;

namespace RiskWatch.Faults.Tests.Support;

/// <summary>A real SMTP server (the SmtpServer package) on a given loopback port, so a test can stop it and start another on the same port.</summary>
public sealed class SmtpOnPort : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private readonly Task _running;

    public SmtpOnPort(int port)
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port))).Build();
        var provider = new ServiceProvider();
        provider.Add(_store);
        _running = new SmtpServer.SmtpServer(options, provider).StartAsync(_stop.Token);
    }

    public IReadOnlyCollection<MimeMessage> Messages => _store.Messages;

    /// <summary>Messages received per recipient address.</summary>
    public Dictionary<string, int> PerRecipient() => _store.Messages
        .SelectMany(m => m.To.Mailboxes.Select(b => b.Address.ToLowerInvariant()))
        .GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());

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
