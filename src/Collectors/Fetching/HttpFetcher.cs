using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RiskWatch.Collectors.Fetching;

/// <summary>Validators of one URL for conditional GET.</summary>
public sealed record UrlValidators(string? ETag, string? LastModified);

/// <summary>The per-source limits a fetch applies.</summary>
internal sealed record FetchPolicy(TimeSpan Timeout, long MaxBytes, bool AllowPrivateNetwork, TimeSpan MinHostInterval)
{
    public static FetchPolicy From(SourceOptions s, CollectorsOptions c) => new(
        TimeSpan.FromSeconds(s.TimeoutSeconds), s.MaxBytes, s.AllowPrivateNetwork, TimeSpan.FromSeconds(s.MinHostIntervalSeconds ?? c.MinIntervalPerHostSeconds));
}

/// <summary>
/// Fetches for one source run: only http/https; loopback and private addresses refused unless the source allows them (checked on
/// the URL, each redirect and each resolved address); per-request timeout covering the body; body size limit (reading stops past it);
/// redirect limit; conditional GET with the validators kept per URL; retries with jittered exponential backoff on transient errors;
/// per-host minimum interval and circuit breaker (shared by all runs); charset detection. Throws <see cref="SourceFetchException"/> with a reason.
/// </summary>
internal sealed class HttpFetcher(
    HttpClient client,
    FetchPolicy policy,
    CollectorsOptions options,
    HostGates gates,
    TimeProvider time,
    ILogger logger,
    IDictionary<string, UrlValidators>? validators = null) : IFetcher
{
    internal static readonly HttpRequestOptionsKey<bool> AllowPrivateKey = new("RiskWatch.AllowPrivateNetwork");

    /// <summary>Validators learned or confirmed in this run, by URL (the runner stores them once the run succeeds).</summary>
    public IDictionary<string, UrlValidators> Validators { get; } = validators ?? new Dictionary<string, UrlValidators>();

    /// <summary>Body bytes read by this fetcher.</summary>
    public long BytesRead { get; private set; }

    public int Requests { get; private set; }

    private sealed class TransientException(string message, Exception? inner = null) : Exception(message, inner);

    public async Task<FetchResult> GetAsync(Uri url, CancellationToken ct)
    {
        if (!url.IsAbsoluteUri) throw new SourceFetchException($"not an absolute URL: {url}");
        if (NetworkRules.Refuse(url, policy.AllowPrivateNetwork) is { } refused) throw new SourceFetchException(refused);
        var gate = gates.For(url.Authority);
        for (int attempt = 0; ; attempt++)
        {
            if (gate.OpenUntil() is { } until)
                throw new SourceFetchException($"circuit open for {url.Host} after {gate.Failures} consecutive failures; next try after {until:u}");
            try
            {
                var result = await SendOnceAsync(url, gate, ct);
                gate.Success();
                return result;
            }
            catch (TransientException ex)
            {
                bool opened = gate.Failure(options.BreakerFailures, TimeSpan.FromMinutes(options.BreakerMinutes));
                if (attempt >= options.MaxRetries || opened)
                    throw new SourceFetchException(attempt > 0 ? $"{ex.Message} (after {attempt + 1} attempts)" : ex.Message, ex.InnerException);
                var delay = Backoff(attempt);
                Log.Retrying(logger, url, attempt + 1, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, time, ct);
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var baseMs = options.RetryBaseDelaySeconds * 1000 * Math.Pow(2, attempt);
        return TimeSpan.FromMilliseconds(baseMs * (0.5 + Random.Shared.NextDouble()));
    }

    private async Task<FetchResult> SendOnceAsync(Uri url, HostGates.Gate gate, CancellationToken ct)
    {
        await gate.WaitTurnAsync(policy.MinHostInterval, ct);
        using var timeout = new CancellationTokenSource(policy.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var current = url;
        try
        {
            for (int redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Options.Set(AllowPrivateKey, policy.AllowPrivateNetwork);
                request.Headers.UserAgent.ParseAdd(options.UserAgent);
                request.Headers.Accept.ParseAdd("*/*");
                if (current == url && Validators.TryGetValue(url.ToString(), out var v))
                {
                    if (v.ETag is { Length: > 0 } etag && EntityTagHeaderValue.TryParse(etag, out var tag)) request.Headers.IfNoneMatch.Add(tag);
                    if (v.LastModified is { Length: > 0 } lm && DateTimeOffset.TryParse(lm, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
                        request.Headers.IfModifiedSince = since;
                }
                Requests++;
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    if (redirects >= options.MaxRedirects) throw new SourceFetchException($"more than {options.MaxRedirects} redirects starting at {url}");
                    var location = response.Headers.Location ?? throw new SourceFetchException($"HTTP {status} redirect without a Location header from {current}");
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (NetworkRules.Refuse(next, policy.AllowPrivateNetwork) is { } refused) throw new SourceFetchException($"redirect refused: {refused}");
                    current = next;
                    continue;
                }
                if (status == 304)
                    return new FetchResult(current, 304, "", NotModified: true, 0, response.Content.Headers.ContentType?.ToString());
                if (status >= 500 || status is 408 or 429)
                    throw new TransientException($"HTTP {status} {response.ReasonPhrase} from {current.Host}");
                if (status < 200 || status > 299)
                    throw new SourceFetchException($"HTTP {status} {response.ReasonPhrase} from {current}");
                var body = await ReadLimitedAsync(response, current, linked.Token);
                BytesRead += body.Length;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                var text = Charset.Decode(body, mediaType, response.Content.Headers.ContentType?.CharSet);
                var etagHeader = response.Headers.ETag?.ToString();
                var lastModified = response.Content.Headers.LastModified?.ToString("R");
                if (etagHeader is not null || lastModified is not null) Validators[url.ToString()] = new UrlValidators(etagHeader, lastModified);
                return new FetchResult(current, status, text, NotModified: false, body.Length, response.Content.Headers.ContentType?.ToString());
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new TransientException($"timed out after {policy.Timeout.TotalSeconds:0.#} s fetching {current}");
        }
        catch (HttpRequestException ex) when (Refused(ex) is { } refused)
        {
            throw new SourceFetchException(refused.Message, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientException($"request to {current.Host} failed: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            // The connection closed before the declared length: a truncated body.
            throw new TransientException($"the response from {current.Host} ended early (truncated): {ex.Message}", ex);
        }
    }

    private static RefusedAddressException? Refused(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
            if (e is RefusedAddressException r) return r;
        return null;
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, Uri url, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength is long declared && declared > policy.MaxBytes)
            throw new SourceFetchException($"body of {declared} bytes from {url} is larger than the limit of {policy.MaxBytes} bytes");
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var n = await stream.ReadAsync(chunk, ct);
            if (n == 0) break;
            if (buffer.Length + n > policy.MaxBytes)
                throw new SourceFetchException($"body from {url} is larger than the limit of {policy.MaxBytes} bytes (reading stopped)");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    /// <summary>The one handler all fetchers share: no automatic redirects (each hop is checked), decompression, and an address check at connect time.</summary>
    internal static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            bool allowPrivate = context.InitialRequestMessage.Options.TryGetValue(AllowPrivateKey, out var a) && a;
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            if (!allowPrivate && addresses.FirstOrDefault(NetworkRules.IsPrivate) is { } bad)
                throw new RefusedAddressException($"{host} resolves to the private or loopback address {bad}; set AllowPrivateNetwork for this source to fetch it");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
