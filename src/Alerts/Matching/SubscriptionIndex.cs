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
/// so the cost follows the number of matches, not the number of subscriptions. Subscriptions without keywords sit in
/// their own lists, which are copied whole into the result (a memory copy, no per-subscription test).
/// Thread-safe; updates are incremental (a change costs a pass over the lists it touches).
/// </summary>
public sealed class SubscriptionIndex
{
    private const int AnyCategory = 11; // slot after the last RiskCategory value
    private const int Slots = AnyCategory + 1;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, Bucket> _byCountry = new(StringComparer.Ordinal);
    private readonly Bucket _all = new();
    private readonly Dictionary<long, MatchEntry> _live = [];

    public int Count { get { _lock.EnterReadLock(); try { return _live.Count; } finally { _lock.ExitReadLock(); } } }

    private sealed class Bucket
    {
        // [minLevel 1..5, category slot] → subscriptions without keywords / with keywords
        public readonly List<MatchEntry>?[,] Plain = new List<MatchEntry>?[RiskLevels.Max + 1, Slots];
        public readonly List<MatchEntry>?[,] Keyed = new List<MatchEntry>?[RiskLevels.Max + 1, Slots];

        public void Add(MatchEntry e)
        {
            var lists = e.Keywords.Length == 0 ? Plain : Keyed;
            if (e.Categories is null) (lists[e.MinLevel, AnyCategory] ??= []).Add(e);
            else foreach (var c in e.Categories) (lists[e.MinLevel, (int)c] ??= []).Add(e);
        }

        public void Remove(MatchEntry e)
        {
            var lists = e.Keywords.Length == 0 ? Plain : Keyed;
            if (e.Categories is null) lists[e.MinLevel, AnyCategory]?.Remove(e);
            else foreach (var c in e.Categories) lists[e.MinLevel, (int)c]?.Remove(e);
        }

        public void Clear()
        {
            Array.Clear(Plain);
            Array.Clear(Keyed);
        }
    }

    /// <summary>Replaces the whole index.</summary>
    public void Load(IEnumerable<MatchEntry> entries)
    {
        _lock.EnterWriteLock();
        try
        {
            _live.Clear();
            _byCountry.Clear();
            _all.Clear();
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
        }
        finally { _lock.ExitWriteLock(); }
    }

    public void Remove(long id)
    {
        _lock.EnterWriteLock();
        try { RemoveLocked(id); }
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
        MatchInto(result, countries, level, category, title, text);
        return result;
    }

    /// <summary><see cref="Match"/> into a caller's list (cleared first), so a hot loop can reuse one buffer.</summary>
    public void MatchInto(List<MatchEntry> result, IReadOnlyList<string> countries, int level, RiskCategory? category, string? title, string? text)
    {
        result.Clear();
        level = RiskLevels.Clamp(level);
        // A subscription can sit in several visited lists only when the item names several countries it follows,
        // or when every category slot is visited; only then is a set needed.
        bool dedupe = countries.Count > 1 || category is null;
        _lock.EnterReadLock();
        try
        {
            Collect(_all, level, category, title, text ?? "", result);
            foreach (var c in countries)
                if (_byCountry.TryGetValue(c, out var b)) Collect(b, level, category, title, text ?? "", result);
        }
        finally { _lock.ExitReadLock(); }
        if (dedupe && result.Count > 1)
        {
            var seen = new HashSet<long>(result.Count);
            result.RemoveAll(e => !seen.Add(e.Id));
        }
    }

    private static void Collect(Bucket b, int level, RiskCategory? category, string? title, string text, List<MatchEntry> result)
    {
        for (int m = RiskLevels.Min; m <= level; m++)
        {
            if (category is RiskCategory cat)
            {
                Add(m, (int)cat);
                Add(m, AnyCategory);
            }
            else
            {
                for (int s = 0; s < Slots; s++) Add(m, s);
            }
        }

        void Add(int m, int slot)
        {
            if (b.Plain[m, slot] is { } plain) result.AddRange(plain);
            if (b.Keyed[m, slot] is not { } keyed) return;
            foreach (var e in keyed)
                if (title is null || e.KeywordsMatch(title, text)) result.Add(e);
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
                foreach (var list in b.Plain.Cast<List<MatchEntry>?>().Concat(b.Keyed.Cast<List<MatchEntry>?>()))
                {
                    if (list is null) continue;
                    foreach (var e in list) if (seen.Add(e.Id)) result.Add(e);
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
        if (!_live.Remove(id, out var old)) return;
        if (old.Countries.Length == 0) { _all.Remove(old); return; }
        foreach (var c in old.Countries)
            if (_byCountry.TryGetValue(c, out var b)) b.Remove(old);
    }
}
