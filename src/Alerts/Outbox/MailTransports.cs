using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace RiskWatch.Alerts.Outbox;

/// <summary>How one message ended.</summary>
internal enum SendOutcome { Sent, Temporary, Permanent }

internal readonly record struct SendResult(SendOutcome Outcome, string? Error = null)
{
    public static readonly SendResult Ok = new(SendOutcome.Sent);
}

/// <summary>
/// A way to hand a finished message to the world. Failure contract: never throws for a delivery problem; it answers
/// Temporary (4xx, lost connection, timeout: try again later) or Permanent (5xx: will never work) with the reason.
/// One instance is used by one worker at a time.
/// </summary>
internal interface IMailTransport : IAsyncDisposable
{
    string Name { get; }
    Task<SendResult> SendAsync(Guid id, byte[] mime, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Writes <c>&lt;folder&gt;/&lt;timestamp&gt;-&lt;id&gt;.eml</c> through a temp file and a rename, so a crash never leaves half a message.</summary>
internal sealed class PickupFolderTransport(string folder) : IMailTransport
{
    public string Name => "pickup folder";

    public async Task<SendResult> SendAsync(Guid id, byte[] mime, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var final = Path.Combine(folder, $"{now:yyyyMMddHHmmssfff}-{id:N}.eml");
            var tmp = Path.Combine(folder, $".{id:N}.tmp");
            await File.WriteAllBytesAsync(tmp, mime, ct);
            File.Move(tmp, final, overwrite: true);
            return SendResult.Ok;
        }
        catch (IOException ex) { return new SendResult(SendOutcome.Temporary, ex.Message); }
        catch (UnauthorizedAccessException ex) { return new SendResult(SendOutcome.Temporary, ex.Message); }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>One pooled SMTP connection (MailKit), opened on first use and kept open between messages.</summary>
internal sealed class SmtpTransport(SmtpOptions o) : IMailTransport
{
    private SmtpClient? _client;

    public string Name => $"smtp {o.Host}:{o.Port}";

    public async Task<SendResult> SendAsync(Guid id, byte[] mime, DateTimeOffset now, CancellationToken ct)
    {
        MimeMessage message;
        using (var ms = new MemoryStream(mime, writable: false)) message = await MimeMessage.LoadAsync(ms, ct);
        try
        {
            var client = await ConnectAsync(ct);
            await client.SendAsync(message, ct);
            return SendResult.Ok;
        }
        catch (SmtpCommandException ex)
        {
            // The server answered: 5xx will never work, 4xx may later. The connection itself is still usable.
            var code = (int)ex.StatusCode;
            var reason = $"{code} {ex.Message}".Trim();
            if (!(_client?.IsConnected ?? false)) await DropAsync();
            return new SendResult(code >= 500 ? SendOutcome.Permanent : SendOutcome.Temporary, reason);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or System.Net.Sockets.SocketException or ServiceNotConnectedException
                                      or TimeoutException or AuthenticationException or SslHandshakeException
                                      || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            await DropAsync();
            return new SendResult(SendOutcome.Temporary, $"{ex.GetType().Name}: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            await DropAsync();
            throw;
        }
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        if (_client is { IsConnected: true }) return _client;
        await DropAsync();
        var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            // Our own socket with Nagle off: small SMTP commands otherwise wait on the peer's delayed ACK (~40 ms a message).
            var host = o.Host ?? "localhost";
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(host, o.Port, ct);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            await client.ConnectAsync(socket, host, o.Port, Enum.Parse<SecureSocketOptions>(o.Security, true), ct);
            // MailKit's pipelining runs at ~20 msg/s against local relays; plain commands at ~1,500 (STACK.md).
            if (!o.UsePipelining) client.Capabilities &= ~SmtpCapabilities.Pipelining;
            if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return _client = client;
    }

    private async Task DropAsync()
    {
        if (_client is null) return;
        var c = _client;
        _client = null;
        try { if (c.IsConnected) await c.DisconnectAsync(true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2)); }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or TimeoutException or ServiceNotConnectedException or System.Net.Sockets.SocketException) { }
        c.Dispose();
    }

    public async ValueTask DisposeAsync() => await DropAsync();
}
