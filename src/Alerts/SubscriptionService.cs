using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskWatch.Alerts.Data;
using RiskWatch.Alerts.Email;
using RiskWatch.Alerts.Matching;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Alerts;

/// <summary>The body of <c>POST /api/subscriptions</c> (and of a manage-page update, where <see cref="Email"/> is ignored).</summary>
public sealed record SubscribeRequest
{
    public string? Email { get; init; }
    public string? Organisation { get; init; }
    /// <summary>ISO alpha-2 codes (ISO3 and names are accepted too); empty = all countries.</summary>
    public IReadOnlyList<string>? Countries { get; init; }
    /// <summary>Category keys such as "terrorism"; empty = all.</summary>
    public IReadOnlyList<string>? Categories { get; init; }
    /// <summary>1–5; default 1.</summary>
    public int? MinLevel { get; init; }
    /// <summary>"zh-CN" (default) or "en".</summary>
    public string? Language { get; init; }
    /// <summary>"immediate" (default), "daily" or "weekly".</summary>
    public string? Frequency { get; init; }
    public IReadOnlyList<string>? Keywords { get; init; }
}

public enum SubscribeStatus { Accepted, Invalid, RateLimited }

/// <summary>Accepted (answer 202), Invalid with <see cref="Errors"/> keyed by field (ValidationProblem), or RateLimited (429 with Retry-After).</summary>
public sealed record SubscribeResult(SubscribeStatus Status, IReadOnlyDictionary<string, string[]> Errors, TimeSpan? RetryAfter = null)
{
    internal static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();
}

/// <summary>A subscription as the manage page shows it.</summary>
public sealed record SubscriptionView(
    long Id, string Email, string Organisation, IReadOnlyList<string> Countries, IReadOnlyList<string> Categories, int MinLevel,
    string Language, string Frequency, IReadOnlyList<string> Keywords, bool Confirmed, bool Unsubscribed, DateTimeOffset CreatedAt);

public enum TokenActionStatus { Done, AlreadyDone, InvalidToken, NotFound, Invalid }

/// <summary>Outcome of a token link (confirm, update, unsubscribe, feedback). InvalidToken and NotFound both answer 404: never say which.</summary>
public sealed record TokenActionResult(TokenActionStatus Status, SubscriptionView? Subscription = null, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>A label for the classifier from a subscriber's "relevant / not relevant" answer.</summary>
public sealed record FeedbackLabelView(string ItemId, bool Relevant, long SubscriptionId, DateTimeOffset At);

/// <summary>Subscribing with double opt-in, the manage page, one-click unsubscribe and relevance feedback.</summary>
public sealed class SubscriptionService
{
    private readonly IDbContextFactory<AlertsDbContext> _dbFactory;
    private readonly LinkTokens _tokens;
    private readonly EmailComposer _composer;
    private readonly AlertMatcher _matcher;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly AlertsOptions _o;
    private readonly ILogger<SubscriptionService> _log;
    private readonly SlidingWindowLimiter _byAddress;
    private readonly SlidingWindowLimiter _byClient;

    internal SubscriptionService(IDbContextFactory<AlertsDbContext> dbFactory, LinkTokens tokens, EmailComposer composer, AlertMatcher matcher,
        OutboxSignal signal, TimeProvider time, IOptions<AlertsOptions> options, ILogger<SubscriptionService> log)
    {
        _dbFactory = dbFactory; _tokens = tokens; _composer = composer; _matcher = matcher; _signal = signal; _time = time; _o = options.Value; _log = log;
        _byAddress = new SlidingWindowLimiter(_o.SubscribeLimitPerAddress, _o.RateLimitWindow, time);
        _byClient = new SlidingWindowLimiter(_o.SubscribeLimitPerClient, _o.RateLimitWindow, time);
    }

    /// <summary>
    /// Validates, applies the per-address and per-client limits (<paramref name="clientKey"/>: the caller's IP or similar),
    /// stores an unconfirmed subscription and queues the confirmation email in the same transaction.
    /// Accepted says nothing about whether the address was known before.
    /// </summary>
    public async Task<SubscribeResult> SubscribeAsync(SubscribeRequest request, string clientKey, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var email = request.Email?.Trim() ?? "";
        if (email.Length == 0) errors["email"] = ["An email address is required."];
        else if (email.Length > 254 || !MimeKit.MailboxAddress.TryParse(email, out var mb) || mb.Address != email || !email.Contains('@') || email.Contains(' '))
            errors["email"] = [$"'{email}' is not an email address."];
        var prefs = Validate(request, errors);
        if (errors.Count > 0) return new SubscribeResult(SubscribeStatus.Invalid, errors);

        if (_byClient.TryAcquire("c:" + clientKey) is TimeSpan retryClient)
        {
            Log.RateLimited(_log, "client");
            return new SubscribeResult(SubscribeStatus.RateLimited, SubscribeResult.NoErrors, retryClient);
        }
        if (_byAddress.TryAcquire("a:" + email.ToLowerInvariant()) is TimeSpan retryAddress)
        {
            Log.RateLimited(_log, "address");
            return new SubscribeResult(SubscribeStatus.RateLimited, SubscribeResult.NoErrors, retryAddress);
        }

        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sub = new Subscription { Email = email, CreatedAt = _time.GetUtcNow() };
        prefs.ApplyTo(sub);
        db.Subscriptions.Add(sub);
        await db.SaveChangesAsync(ct); // the id goes into the confirmation link
        db.Outbox.Add(_composer.Confirmation(new Recipient(sub.Id, sub.Email, sub.Language, sub.Organisation), sub));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        _signal.Notify();
        Log.Subscribed(_log, sub.Id);
        return new SubscribeResult(SubscribeStatus.Accepted, SubscribeResult.NoErrors);
    }

    /// <summary>Follows the confirmation link: from then on the subscription receives alerts.</summary>
    public async Task<TokenActionResult> ConfirmAsync(string? token, CancellationToken ct)
    {
        var (db, sub, fail) = await LoadAsync(token, [TokenPurpose.Confirm], ct);
        await using var _ = db;
        if (sub is null) return fail!;
        if (sub.UnsubscribedAt is not null) return new TokenActionResult(TokenActionStatus.NotFound);
        if (sub.Confirmed) return new TokenActionResult(TokenActionStatus.AlreadyDone, View(sub));
        sub.Confirmed = true;
        sub.ConfirmedAt = _time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        _matcher.Changed(sub);
        Log.SubscriptionChanged(_log, sub.Id, "confirmed");
        return new TokenActionResult(TokenActionStatus.Done, View(sub));
    }

    /// <summary>The subscription behind a manage link, or null when the token is not genuine.</summary>
    public async Task<SubscriptionView?> GetForManageAsync(string? token, CancellationToken ct)
    {
        var (db, sub, _) = await LoadAsync(token, [TokenPurpose.Manage], ct);
        await using var __ = db;
        return sub is null || sub.UnsubscribedAt is not null ? null : View(sub);
    }

    /// <summary>Changes the preferences (not the address) from the manage page.</summary>
    public async Task<TokenActionResult> UpdateAsync(string? token, SubscribeRequest preferences, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var prefs = Validate(preferences, errors);
        if (errors.Count > 0) return new TokenActionResult(TokenActionStatus.Invalid, null, errors);
        var (db, sub, fail) = await LoadAsync(token, [TokenPurpose.Manage], ct);
        await using var _ = db;
        if (sub is null) return fail!;
        if (sub.UnsubscribedAt is not null) return new TokenActionResult(TokenActionStatus.NotFound);
        prefs.ApplyTo(sub);
        await db.SaveChangesAsync(ct);
        _matcher.Changed(sub);
        Log.SubscriptionChanged(_log, sub.Id, "updated");
        return new TokenActionResult(TokenActionStatus.Done, View(sub));
    }

    /// <summary>
    /// One-click unsubscribe (RFC 8058 POST, or the link): accepts the unsubscribe or the manage token.
    /// Unsent messages to the subscription are withdrawn and pending digest entries dropped.
    /// </summary>
    public async Task<TokenActionResult> UnsubscribeAsync(string? token, CancellationToken ct)
    {
        var (db, sub, fail) = await LoadAsync(token, [TokenPurpose.Unsubscribe, TokenPurpose.Manage], ct);
        await using var _ = db;
        if (sub is null) return fail!;
        if (sub.UnsubscribedAt is not null) return new TokenActionResult(TokenActionStatus.AlreadyDone, View(sub));
        var now = _time.GetUtcNow();
        sub.UnsubscribedAt = now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await db.Outbox.Where(m => m.SubscriptionId == sub.Id && m.SentAt == null && !m.PermanentFailure)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.PermanentFailure, true).SetProperty(m => m.LastError, "withdrawn: unsubscribed"), ct);
        await db.DigestEntries.Where(d => d.SubscriptionId == sub.Id && d.DigestedAt == null).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        _matcher.Changed(sub);
        Log.SubscriptionChanged(_log, sub.Id, "unsubscribed");
        return new TokenActionResult(TokenActionStatus.Done, View(sub));
    }

    /// <summary>Saves a "relevant / not relevant" answer from an alert email; a second answer replaces the first.</summary>
    public async Task<TokenActionResult> RecordFeedbackAsync(string? token, string? itemId, bool relevant, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(itemId) || itemId.Length > 200) return new TokenActionResult(TokenActionStatus.InvalidToken);
        if (_tokens.Verify(token, TokenPurpose.Feedback, itemId) is not long id)
        {
            Log.TokenRefused(_log, nameof(TokenPurpose.Feedback));
            return new TokenActionResult(TokenActionStatus.InvalidToken);
        }
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        if (!await db.Subscriptions.AnyAsync(s => s.Id == id, ct)) return new TokenActionResult(TokenActionStatus.NotFound);
        var label = await db.FeedbackLabels.FirstOrDefaultAsync(f => f.SubscriptionId == id && f.ItemId == itemId, ct);
        if (label is null) db.FeedbackLabels.Add(label = new FeedbackLabel { SubscriptionId = id, ItemId = itemId });
        label.Relevant = relevant;
        label.At = _time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new TokenActionResult(TokenActionStatus.Done);
    }

    /// <summary>Every feedback label (for training the classifier), oldest first.</summary>
    public async Task<IReadOnlyList<FeedbackLabelView>> GetFeedbackLabelsAsync(DateTimeOffset? since, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var q = db.FeedbackLabels.AsNoTracking();
        if (since is DateTimeOffset s) q = q.Where(f => f.At >= s);
        return await q.OrderBy(f => f.At).Select(f => new FeedbackLabelView(f.ItemId, f.Relevant, f.SubscriptionId, f.At)).ToListAsync(ct);
    }

    private async Task<(AlertsDbContext Db, Subscription? Sub, TokenActionResult? Fail)> LoadAsync(string? token, TokenPurpose[] purposes, CancellationToken ct)
    {
        var db = await _dbFactory.CreateDbContextAsync(ct);
        long? id = null;
        foreach (var p in purposes) { id ??= _tokens.Verify(token, p); }
        if (id is null)
        {
            Log.TokenRefused(_log, purposes[0].ToString());
            return (db, null, new TokenActionResult(TokenActionStatus.InvalidToken));
        }
        var sub = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        return (db, sub, sub is null ? new TokenActionResult(TokenActionStatus.NotFound) : null);
    }

    private static SubscriptionView View(Subscription s) => new(s.Id, s.Email, s.Organisation, s.Countries, s.Categories, s.MinLevel,
        s.Language, s.Frequency, s.Keywords, s.Confirmed, s.UnsubscribedAt is not null, s.CreatedAt);

    private sealed record Preferences(string Organisation, List<string> Countries, List<string> Categories, int MinLevel, string Language, string Frequency, List<string> Keywords)
    {
        public void ApplyTo(Subscription s)
        {
            s.Organisation = Organisation; s.Countries = Countries; s.Categories = Categories; s.MinLevel = MinLevel;
            s.Language = Language; s.Frequency = Frequency; s.Keywords = Keywords;
        }
    }

    private static Preferences Validate(SubscribeRequest r, Dictionary<string, string[]> errors)
    {
        var org = (r.Organisation ?? "").Trim();
        if (org.Length > 200) errors["organisation"] = ["The organisation name is longer than 200 characters."];

        var countries = new List<string>();
        var badCountries = new List<string>();
        foreach (var c in r.Countries ?? [])
        {
            if (CountryTable.Resolve(c) is { } country) { if (!countries.Contains(country.Iso2)) countries.Add(country.Iso2); }
            else badCountries.Add(c);
        }
        if (badCountries.Count > 0) errors["countries"] = [$"Unknown country codes: {string.Join(", ", badCountries.Take(10))}. Use ISO 3166-1 alpha-2 codes such as CN, US, DE."];
        if (countries.Count > 300) errors["countries"] = ["Too many countries."];

        var categories = new List<string>();
        var badCats = new List<string>();
        foreach (var c in r.Categories ?? [])
        {
            if (RiskCategories.Parse(c) is RiskCategory cat) { if (!categories.Contains(cat.Key())) categories.Add(cat.Key()); }
            else badCats.Add(c);
        }
        if (badCats.Count > 0) errors["categories"] = [$"Unknown categories: {string.Join(", ", badCats.Take(10))}. Known: {string.Join(", ", RiskCategories.All.Select(c => c.Key()))}."];

        var minLevel = r.MinLevel ?? 1;
        if (!RiskLevels.IsValid(minLevel)) errors["minLevel"] = ["minLevel must be between 1 (low) and 5 (extreme)."];

        var lang = (r.Language ?? "zh-CN").Trim();
        if (lang.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) lang = "zh-CN";
        else if (lang.StartsWith("en", StringComparison.OrdinalIgnoreCase)) lang = "en";
        else errors["language"] = ["language must be \"zh-CN\" or \"en\"."];

        var freq = (r.Frequency ?? "immediate").Trim().ToLowerInvariant();
        if (freq is not ("immediate" or "daily" or "weekly")) errors["frequency"] = ["frequency must be \"immediate\", \"daily\" or \"weekly\"."];

        var keywords = (r.Keywords ?? []).Select(k => k?.Trim() ?? "").Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (keywords.Count > 20 || keywords.Any(k => k.Length > 60)) errors["keywords"] = ["At most 20 keywords of at most 60 characters each."];

        return new Preferences(org, countries, categories, minLevel, lang, freq, keywords);
    }
}

/// <summary>At most N acquisitions per key within a sliding window; answers how long to wait when full.</summary>
internal sealed class SlidingWindowLimiter(int limit, TimeSpan window, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _hits = new();
    private long _calls;

    /// <summary>Null when acquired; otherwise the time until a slot frees up.</summary>
    public TimeSpan? TryAcquire(string key)
    {
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref _calls) % 1024 == 0) Sweep(now);
        var q = _hits.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (q)
        {
            while (q.Count > 0 && q.Peek() <= now - window) q.Dequeue();
            if (q.Count >= limit) return q.Peek() + window - now;
            q.Enqueue(now);
            return null;
        }
    }

    // Keeps memory bounded when many different addresses subscribe once.
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, q) in _hits)
        {
            lock (q) { if (q.Count == 0 || q.Last() <= now - window) _hits.TryRemove(key, out _); }
        }
    }
}
