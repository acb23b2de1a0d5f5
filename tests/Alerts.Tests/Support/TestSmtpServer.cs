using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpReply = SmtpServer.Protocol.SmtpResponse; // MailKit has its own SmtpResponse

namespace RiskWatch.Alerts.Tests.Support;

/// <summary>What the loopback server does with the next DATA.</summary>
public enum SmtpBehaviour { Accept, TemporaryFailure, PermanentFailure, DropConnection }

/// <summary>A real SMTP server (SmtpServer package) on a random loopback port that records what it accepts and can be told to fail.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly RecordingStore _store;
    private readonly Task _run;

    public int Port { get; }
    public int Count => _store.Messages.Count;

    /// <summary>Behaviours for the next messages, one each, then Accept.</summary>
    public ConcurrentQueue<SmtpBehaviour> Next => _store.Next;

    /// <summary>Behaviour for every message to this recipient (e.g. a mailbox that does not exist).</summary>
    public ConcurrentDictionary<string, SmtpBehaviour> ByRecipient => _store.ByRecipient;

    private TestSmtpServer(int port, Task run, RecordingStore store, CancellationTokenSource cts) { Port = port; _run = run; _store = store; _cts = cts; }

    public static async Task<TestSmtpServer> StartAsync()
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var factory = new EndpointListenerFactory();
        factory.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))).Build();
        var store = new RecordingStore();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        services.Add(factory);
        var server = new SmtpServer.SmtpServer(options, services);
        var cts = new CancellationTokenSource();
        var run = server.StartAsync(cts.Token);
        var port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new TestSmtpServer(port, run, store, cts);
    }

    public IReadOnlyList<MimeMessage> Messages() => _store.Messages.Select(b => MimeMessage.Load(new MemoryStream(b))).ToList();

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        try { await _run.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { /* shutdown */ }
        _cts.Dispose();
    }

    private sealed class RecordingStore : MessageStore
    {
        public readonly ConcurrentQueue<byte[]> Messages = new();
        public readonly ConcurrentQueue<SmtpBehaviour> Next = new();
        public readonly ConcurrentDictionary<string, SmtpBehaviour> ByRecipient = new(StringComparer.OrdinalIgnoreCase);

        public override Task<SmtpReply> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var to = transaction.To.Select(m => m.User + "@" + m.Host).FirstOrDefault() ?? "";
            var behaviour = ByRecipient.TryGetValue(to, out var b) ? b : Next.TryDequeue(out var n) ? n : SmtpBehaviour.Accept;
            switch (behaviour)
            {
                case SmtpBehaviour.TemporaryFailure:
                    return Task.FromResult(new SmtpReply((SmtpReplyCode)451, "4.3.0 try again later"));
                case SmtpBehaviour.PermanentFailure:
                    return Task.FromResult(new SmtpReply((SmtpReplyCode)550, "5.1.1 mailbox unavailable"));
                case SmtpBehaviour.DropConnection:
                    context.Pipe.Input.Complete();
                    context.Pipe.Output.Complete();
                    throw new IOException("connection dropped on purpose");
                default:
                    Messages.Enqueue(buffer.ToArray());
                    return Task.FromResult(SmtpReply.Ok);
            }
        }
    }
}
