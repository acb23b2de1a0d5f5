using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Storage;

namespace RiskWatch.Web.Tests.Support;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps every message it receives; on a free port, or on a
/// given one so a test can stop it and start another on the same port (an SMTP outage).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private readonly Task _running;

    public int Port { get; }
    public IReadOnlyCollection<MimeMessage> Messages => _store.Messages;

    public SmtpSink(int? port = null)
    {
        Port = port ?? LoopbackHttpServer.FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port))).Build();
        var provider = new ServiceProvider();
        provider.Add(_store);
        _running = new SmtpServer.SmtpServer(options, provider).StartAsync(_stop.Token);
    }

    /// <summary>Messages received per recipient address.</summary>
    public Dictionary<string, int> PerRecipient() => _store.Messages
        .SelectMany(m => m.To.Mailboxes.Select(b => b.Address.ToLowerInvariant()))
        .GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Waits until a message matches, or fails after <paramref name="timeout"/>.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var m = _store.Messages.FirstOrDefault(match);
            if (m is not null) return m;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no matching message within {timeout}; received: {string.Join(" | ", _store.Messages.Select(x => x.Subject))}");
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
