using RiskWatch.Alerts.Data;
using RiskWatch.Core;

namespace RiskWatch.Alerts.Matching;

/// <summary>A confirmed subscription as the matcher sees it.</summary>
public sealed class MatchEntry
{
    public required long Id { get; init; }
    public required string Email { get; init; }
    public required string Language { get; init; }
    public string Organisation { get; init; } = "";
    public required string Frequency { get; init; }
    public required string[] Countries { get; init; }
    public required int MinLevel { get; init; }
    /// <summary>Null means every category.</summary>
    public RiskCategory[]? Categories { get; init; }
    public required string[] Keywords { get; init; }
    internal volatile bool Active = true;

    public static MatchEntry From(Subscription s) => new()
    {
        Id = s.Id,
        Email = s.Email,
        Language = s.Language,
        Organisation = s.Organisation,
        Frequency = s.Frequency,
        Countries = s.Countries.Select(c => c.ToUpperInvariant()).Distinct().ToArray(),
        MinLevel = RiskLevels.Clamp(s.MinLevel),
        Categories = s.Categories.Count == 0 ? null
            : s.Categories.Select(RiskCategories.Parse).OfType<RiskCategory>().Distinct().ToArray() is { Length: > 0 } cats ? cats : null,
        Keywords = s.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToArray(),
    };

    internal bool KeywordsMatch(string title, string text)
    {
        if (Keywords.Length == 0) return true;
        foreach (var k in Keywords)
            if (title.Contains(k, StringComparison.OrdinalIgnoreCase) || text.Contains(k, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}

/// <summary>
/// In-memory inverted index: country (or the "all countries" bucket) × minimum level × category (or "any") → subscriptions.
/// An item at level L about countries C visits only the buckets (c ∈ C ∪ {all}, minLevel ≤ L, its category or any),
/// so the cost follows the number of matches, not the number of subscriptions. Thread-safe; updates are incremental.
/// </summary>
public sealed class SubscriptionIndex
{
    private const int AnyCategory = 11; // slot after the last RiskCategory value
    private const int Slots = AnyCategory + 1;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, Bucket> _byCountry = new(StringComparer.Ordinal);
    private Bucket _all = new();
    private readonly Dictionary<long, MatchEntry> _live = [];
    private int _stale;

    public int Count { get { _lock.EnterReadLock(); try { return _live.Count; } finally { _lock.ExitReadLock(); } } }

    private sealed class Bucket
    {
        // [minLevel 1..5][category slot] → entries
        public readonly List<MatchEntry>?[,] Lists = new List<MatchEntry>?[RiskLevels.Max + 1, Slots];
        public void Add(MatchEntry e)
        {
            if (e.Categories is null) Get(e.MinLevel, AnyCategory).Add(e);
            else foreach (var c in e.Categories) Get(e.MinLevel, (int)c).Add(e);
        }
        private List<MatchEntry> Get(int level, int slot) => Lists[level, slot] ??= [];
    }

    /// <summary>Replaces the whole index.</summary>
    public void Load(IEnumerable<MatchEntry> entries)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var e in _live.Values) e.Active = false;
            _live.Clear();
            _byCountry.Clear();
            _all = new Bucket();
            _stale = 0;
            foreach (var e in entries) AddLocked(e);
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Adds or replaces a subscription.</summary>
    public void Upsert(MatchEntry e)
    {
        _lock.EnterWriteLock();
        try
        {
            RemoveLocked(e.Id);
            AddLocked(e);
            CompactIfNeeded();
        }
        finally { _lock.ExitWriteLock(); }
    }

    public void Remove(long id)
    {
        _lock.EnterWriteLock();
        try { RemoveLocked(id); CompactIfNeeded(); }
        finally { _lock.ExitWriteLock(); }
    }

    public MatchEntry? Get(long id)
    {
        _lock.EnterReadLock();
        try { return _live.GetValueOrDefault(id); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// Subscriptions interested in something about <paramref name="countries"/> at <paramref name="level"/>.
    /// A null <paramref name="category"/> matches every category filter (country-level events such as level changes);
    /// null <paramref name="title"/> skips keyword filters.
    /// </summary>
    public List<MatchEntry> Match(IReadOnlyList<string> countries, int level, RiskCategory? category, string? title, string? text)
    {
        var result = new List<MatchEntry>();
        level = RiskLevels.Clamp(level);
        HashSet<long>? seen = countries.Count > 1 || category is null ? [] : null;
        _lock.EnterReadLock();
        try
        {
            Collect(_all, level, category, title, text ?? "", seen, result);
            foreach (var c in countries)
                if (_byCountry.TryGetValue(c, out var b)) Collect(b, level, category, title, text ?? "", seen, result);
        }
        finally { _lock.ExitReadLock(); }
        return result;
    }

    private static void Collect(Bucket b, int level, RiskCategory? category, string? title, string text, HashSet<long>? seen, List<MatchEntry> result)
    {
        for (int m = RiskLevels.Min; m <= level; m++)
        {
            if (category is RiskCategory cat)
            {
                Add(b.Lists[m, (int)cat]);
                Add(b.Lists[m, AnyCategory]);
            }
            else
            {
                for (int s = 0; s < Slots; s++) Add(b.Lists[m, s]);
            }
        }

        void Add(List<MatchEntry>? list)
        {
            if (list is null) return;
            foreach (var e in list)
            {
                if (!e.Active) continue;
                if (title is not null && !e.KeywordsMatch(title, text)) continue;
                // Several category slots (level changes) or several countries may hold the same subscription.
                if (seen is not null && !seen.Add(e.Id)) continue;
                result.Add(e);
            }
        }
    }

    /// <summary>Subscriptions following any of <paramref name="countries"/> (or all countries), whatever their level and category.</summary>
    public List<MatchEntry> MatchCountries(IReadOnlyList<string> countries)
    {
        var result = new List<MatchEntry>();
        var seen = new HashSet<long>();
        _lock.EnterReadLock();
        try
        {
            if (countries.Count == 0) { result.AddRange(_live.Values); return result; }
            foreach (var b in countries.Select(c => _byCountry.GetValueOrDefault(c)).Append(_all))
            {
                if (b is null) continue;
                foreach (var list in b.Lists)
                {
                    if (list is null) continue;
                    foreach (var e in list) if (e.Active && seen.Add(e.Id)) result.Add(e);
                }
            }
        }
        finally { _lock.ExitReadLock(); }
        return result;
    }

    private void AddLocked(MatchEntry e)
    {
        _live[e.Id] = e;
        if (e.Countries.Length == 0) { _all.Add(e); return; }
        foreach (var c in e.Countries)
        {
            if (!_byCountry.TryGetValue(c, out var b)) _byCountry[c] = b = new Bucket();
            b.Add(e);
        }
    }

    private void RemoveLocked(long id)
    {
        // Removal only flags the entry; buckets are compacted when flagged entries pile up.
        if (_live.Remove(id, out var old)) { old.Active = false; _stale++; }
    }

    private void CompactIfNeeded()
    {
        if (_stale < 1024 || _stale < _live.Count) return;
        var live = _live.Values.ToList();
        _live.Clear();
        _byCountry.Clear();
        _all = new Bucket();
        _stale = 0;
        foreach (var e in live) AddLocked(e);
    }
}
