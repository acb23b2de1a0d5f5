using RiskWatch.Core;

namespace RiskWatch.Alerts.Matching;

/// <summary>
/// In-memory index of the confirmed subscriptions, built so that matching one item costs about the number of subscriptions
/// it matches, not the number there are.
/// <para>
/// Posting lists are kept per (country or the "all countries" wildcard) × minimum level × (category or the "any
/// category" wildcard) × (with keywords or not); each list holds the subscriptions themselves and their dense slot
/// numbers side by side. An item is about single-valued attributes (its countries, one level, one category), so the
/// matching lists are exactly those of its countries and the wildcard, minimum level ≤ its level, its category and the
/// wildcard: at most (countries + 1) × 5 × 2 × 2 lists. No intersection is needed (a partition answers a conjunction of
/// single-valued attributes better than intersecting per-attribute lists would); a list without keyword filters is
/// copied whole into the result with one block copy.
/// </para>
/// <para>
/// Keyword filters: the text is scanned once per item by an Aho–Corasick automaton over every subscription's keywords
/// (case-folded substrings, so Chinese keywords work without segmentation); the subscriptions in the keyword lists then
/// only look up whether one of their keyword ids was found. A subscription can sit in several visited lists only when the
/// item names several countries or every category slot is visited (country-level events): only then are duplicates
/// dropped, with a per-thread bitset over slots.
/// </para>
/// <para>
/// Updates are incremental: adding appends to the lists the subscription belongs to, removing swaps it out of them
/// (a vectorized search through lists of a few thousand slots). Reads take a shared lock, updates an exclusive one; the
/// keyword automaton is rebuilt lazily, on the first match after the set of distinct keywords changed.
/// Matching allocates nothing but the result array.
/// </para>
/// </summary>
public sealed class SubscriptionIndex
{
    private const int AnyCategory = 11; // slot after the last RiskCategory value
    private const int CategorySlots = AnyCategory + 1;
    private const int ListsPerBucket = RiskLevels.Max * CategorySlots * 2;
    private const int AllCountries = 0; // bucket of the subscriptions without a country filter

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // Slots.
    private readonly Dictionary<long, int> _slotOf = [];
    private readonly Stack<int> _freeSlots = new();
    private MatchEntry?[] _entries = new MatchEntry?[64];
    private long[] _ids = new long[64];
    private int[]?[] _keywordsOf = new int[]?[64]; // keyword ids per slot, null = no keyword filter
    private int _slotCount; // high-water mark

    // Buckets: [country index][list index] → posting list.
    private readonly Dictionary<string, int> _countryIndex = new(StringComparer.Ordinal);
    private readonly List<PostingList?[]> _buckets = [new PostingList?[ListsPerBucket]];

    // Keywords: folded text → id, reference counts, and the automaton over them (null = to be rebuilt).
    private readonly Dictionary<string, int> _keywordId = new(StringComparer.Ordinal);
    private readonly List<int> _keywordRefs = [];
    private readonly List<string?> _keywordText = [];
    private readonly Stack<int> _freeKeywordIds = new();
    // The automaton covers the keywords of its last build; keywords added since are "pending" (checked with a plain
    // substring search until the next build), and ids of keywords removed since are "retired" (the automaton may still
    // report them, so they are not given to another keyword before a build that no longer knows them is in place).
    // Builds run in the background: a new keyword never stalls a match.
    private KeywordAutomaton _automaton = KeywordAutomaton.Empty;
    private readonly List<(string Folded, int Id)> _pending = [];
    private readonly HashSet<int> _retired = [];
    private int _rebuilding;
    private int _generation; // Load renumbers the keywords: a build from before it is thrown away

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>Per-thread buffers, so that matching allocates nothing but its result.</summary>
    private sealed class Scratch
    {
        // The plan of a match: which lists (whole, or picked positions of them) make up the result.
        public Segment[] Segments = new Segment[64];
        public int SegmentCount;
        public int[] Picks = new int[4096];
        public int PickCount;
        public ulong[] Seen = [];
        public int[] Found = [];
        public int Stamp;

        public void AddSegment(PostingList list, int pickStart, int count)
        {
            if (SegmentCount == Segments.Length) Array.Resize(ref Segments, Segments.Length * 2);
            Segments[SegmentCount++] = new Segment(list, pickStart, count);
        }

        public void Reset()
        {
            Array.Clear(Segments, 0, SegmentCount); // drop the references to lists
            SegmentCount = 0;
            PickCount = 0;
        }
    }

    /// <summary>A whole list (<see cref="PickStart"/> = -1) or <see cref="Count"/> picked positions of it.</summary>
    private readonly record struct Segment(PostingList List, int PickStart, int Count);

    /// <summary>
    /// Subscriptions and their slots side by side (order does not matter); in the lists of subscriptions with keyword
    /// filters also their first two keyword ids, so that most keyword checks read the list sequentially instead of
    /// following a pointer per subscription.
    /// </summary>
    private sealed class PostingList(bool keyed)
    {
        /// <summary>Second keyword id when there is only one; <see cref="More"/> when there are more than two.</summary>
        public const int None = -1, More = -2;

        public MatchEntry?[] Entries = new MatchEntry?[4];
        public int[] Slots = new int[4];
        public int[]? Keywords = keyed ? new int[8] : null;
        public int Count;

        public void Add(int slot, MatchEntry e, int[]? keywords)
        {
            if (Count == Slots.Length)
            {
                Array.Resize(ref Slots, Count * 2);
                Array.Resize(ref Entries, Count * 2);
                if (Keywords is not null) Array.Resize(ref Keywords, Count * 4);
            }
            Slots[Count] = slot;
            Entries[Count] = e;
            if (Keywords is not null && keywords is not null)
            {
                Keywords[2 * Count] = keywords[0];
                Keywords[2 * Count + 1] = keywords.Length switch { 1 => None, 2 => keywords[1], _ => More };
            }
            Count++;
        }

        public void Remove(int slot)
        {
            int i = Slots.AsSpan(0, Count).IndexOf(slot);
            if (i < 0) return;
            Count--;
            Slots[i] = Slots[Count];
            Entries[i] = Entries[Count];
            Entries[Count] = null;
            if (Keywords is not null)
            {
                Keywords[2 * i] = Keywords[2 * Count];
                Keywords[2 * i + 1] = Keywords[2 * Count + 1];
            }
        }
    }

    private static int ListIndex(int minLevel, int categorySlot, bool keyed) =>
        (((minLevel - 1) * CategorySlots) + categorySlot) * 2 + (keyed ? 1 : 0);

    public int Count { get { _lock.EnterReadLock(); try { return _slotOf.Count; } finally { _lock.ExitReadLock(); } } }

    /// <summary>Distinct keywords over all subscriptions (for diagnostics and the bench).</summary>
    public int DistinctKeywords { get { _lock.EnterReadLock(); try { return _keywordId.Count; } finally { _lock.ExitReadLock(); } } }

    /// <summary>Replaces the whole index.</summary>
    public void Load(IEnumerable<MatchEntry> entries)
    {
        _lock.EnterWriteLock();
        try
        {
            _slotOf.Clear();
            _freeSlots.Clear();
            _entries = new MatchEntry?[64];
            _ids = new long[64];
            _keywordsOf = new int[]?[64];
            _slotCount = 0;
            _countryIndex.Clear();
            _buckets.Clear();
            _buckets.Add(new PostingList?[ListsPerBucket]);
            _keywordId.Clear();
            _keywordRefs.Clear();
            _keywordText.Clear();
            _freeKeywordIds.Clear();
            _pending.Clear();
            _retired.Clear();
            _generation++;
            foreach (var e in entries)
            {
                RemoveLocked(e.Id); // the last one wins, as with Upsert
                AddLocked(e);
            }
            // Built here, in one go: every keyword is covered, nothing is pending, no id is retired.
            _automaton = KeywordAutomaton.Build(_keywordId.Select(kv => (kv.Key, kv.Value)));
            _pending.Clear();
            foreach (var id in _retired) _freeKeywordIds.Push(id);
            _retired.Clear();
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Adds or replaces a subscription.</summary>
    public void Upsert(MatchEntry e)
    {
        _lock.EnterWriteLock();
        bool rebuild;
        try
        {
            RemoveLocked(e.Id);
            AddLocked(e);
            rebuild = NeedsRebuildLocked();
        }
        finally { _lock.ExitWriteLock(); }
        if (rebuild) ScheduleRebuild();
    }

    public void Remove(long id)
    {
        _lock.EnterWriteLock();
        bool rebuild;
        try
        {
            RemoveLocked(id);
            rebuild = NeedsRebuildLocked();
        }
        finally { _lock.ExitWriteLock(); }
        if (rebuild) ScheduleRebuild();
    }

    public MatchEntry? Get(long id)
    {
        _lock.EnterReadLock();
        try { return _slotOf.TryGetValue(id, out var slot) ? _entries[slot] : null; }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// Subscriptions interested in something about <paramref name="countries"/> at <paramref name="level"/>.
    /// A null <paramref name="category"/> matches every category filter (country-level events such as level changes);
    /// null <paramref name="title"/> skips keyword filters. Each subscription appears once, in no particular order.
    /// </summary>
    public MatchEntry[] Match(IReadOnlyList<string> countries, int level, RiskCategory? category, string? title, string? text)
    {
        var sc = t_scratch ??= new Scratch();
        _lock.EnterReadLock();
        try
        {
            int n = PlanLocked(sc, countries, level, category, title, text);
            var result = n == 0 ? [] : new MatchEntry[n];
            CopyEntries(sc, result);
            return result;
        }
        finally
        {
            _lock.ExitReadLock();
            sc.Reset();
        }
    }

    /// <summary>The ids of the subscriptions <see cref="Match"/> would return.</summary>
    public long[] MatchIds(IReadOnlyList<string> countries, int level, RiskCategory? category, string? title, string? text)
    {
        var sc = t_scratch ??= new Scratch();
        _lock.EnterReadLock();
        try
        {
            int n = PlanLocked(sc, countries, level, category, title, text);
            var result = n == 0 ? [] : new long[n];
            int pos = 0;
            var ids = _ids;
            foreach (var (list, pickStart, count) in sc.Segments.AsSpan(0, sc.SegmentCount))
            {
                if (pickStart < 0) for (int i = 0; i < count; i++) result[pos++] = ids[list.Slots[i]];
                else foreach (var i in sc.Picks.AsSpan(pickStart, count)) result[pos++] = ids[list.Slots[i]];
            }
            return result;
        }
        finally
        {
            _lock.ExitReadLock();
            sc.Reset();
        }
    }

    /// <summary><see cref="Match"/> into a caller's list (cleared first), so a hot loop can reuse one buffer.</summary>
    public void MatchInto(List<MatchEntry> result, IReadOnlyList<string> countries, int level, RiskCategory? category, string? title, string? text)
    {
        var sc = t_scratch ??= new Scratch();
        _lock.EnterReadLock();
        try
        {
            int n = PlanLocked(sc, countries, level, category, title, text);
            System.Runtime.InteropServices.CollectionsMarshal.SetCount(result, n);
            CopyEntries(sc, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result));
        }
        finally
        {
            _lock.ExitReadLock();
            sc.Reset();
        }
    }

    /// <summary>Subscriptions following any of <paramref name="countries"/> (or all countries), whatever their level, category and keywords; empty = every subscription.</summary>
    public MatchEntry[] MatchCountries(IReadOnlyList<string> countries)
    {
        var sc = t_scratch ??= new Scratch();
        _lock.EnterReadLock();
        try
        {
            if (countries.Count == 0)
            {
                var all = new MatchEntry[_slotOf.Count];
                int k = 0;
                foreach (var slot in _slotOf.Values) all[k++] = _entries[slot]!;
                return all;
            }
            int n = 0, stamp = 0;
            foreach (var list in _buckets[AllCountries]) PlanList(sc, list, false, null, null, Dedupe.CheckMark, ref n, ref stamp);
            foreach (var c in countries)
                if (_countryIndex.TryGetValue(c, out var ci))
                    foreach (var list in _buckets[ci]) PlanList(sc, list, false, null, null, Dedupe.CheckMark, ref n, ref stamp);
            ClearSeen(sc);
            var result = new MatchEntry[n];
            CopyEntries(sc, result);
            return result;
        }
        finally
        {
            _lock.ExitReadLock();
            sc.Reset();
        }
    }

    private static void CopyEntries(Scratch sc, Span<MatchEntry> result)
    {
        int pos = 0;
        foreach (var (list, pickStart, count) in sc.Segments.AsSpan(0, sc.SegmentCount))
        {
            if (pickStart < 0)
            {
                // A list without filters: one block copy.
                list.Entries.AsSpan(0, count).CopyTo(result[pos..]!);
                pos += count;
            }
            else
            {
                var entries = list.Entries;
                foreach (var i in sc.Picks.AsSpan(pickStart, count)) result[pos++] = entries[i]!;
            }
        }
    }

    /// <summary>Plans the result into <paramref name="sc"/> and returns its size; the caller holds the read lock.</summary>
    /// <summary>How a list is deduplicated: check whether a subscription was already taken, and/or mark it as taken.</summary>
    [Flags]
    private enum Dedupe { None = 0, Check = 1, Mark = 2, CheckMark = Check | Mark }

    private int PlanLocked(Scratch sc, IReadOnlyList<string> countries, int level, RiskCategory? category, string? title, string? text)
    {
        level = RiskLevels.Clamp(level);
        int n = 0, stamp = 0;
        if (category is null)
        {
            // Every category slot is visited: a subscription with several categories sits in several visited lists.
            PlanBucket(sc, _buckets[AllCountries], level, category, title, text, Dedupe.CheckMark, ref n, ref stamp);
            for (int i = 0; i < countries.Count; i++) // an index loop: no enumerator to allocate
                if (_countryIndex.TryGetValue(countries[i], out var ci)) PlanBucket(sc, _buckets[ci], level, category, title, text, Dedupe.CheckMark, ref n, ref stamp);
            ClearSeen(sc);
            return n;
        }
        // One category: a subscription sits in at most one visited list per bucket, and the all-countries bucket shares
        // nobody with the country buckets. Only a subscription following two of the item's countries can come twice:
        // the first country's lists are marked (and still block-copied), later ones checked.
        PlanBucket(sc, _buckets[AllCountries], level, category, title, text, Dedupe.None, ref n, ref stamp);
        int buckets = 0;
        for (int i = 0; i < countries.Count; i++)
            if (_countryIndex.ContainsKey(countries[i])) buckets++;
        int visited = 0;
        for (int i = 0; i < countries.Count; i++)
        {
            if (!_countryIndex.TryGetValue(countries[i], out var ci)) continue;
            var mode = buckets == 1 ? Dedupe.None
                : visited == 0 ? Dedupe.Mark
                : visited == buckets - 1 ? Dedupe.Check
                : Dedupe.CheckMark;
            PlanBucket(sc, _buckets[ci], level, category, title, text, mode, ref n, ref stamp);
            visited++;
        }
        if (buckets > 1) ClearSeen(sc);
        return n;
    }

    private void PlanBucket(Scratch sc, PostingList?[] bucket, int level, RiskCategory? category, string? title, string? text, Dedupe dedupe, ref int n, ref int stamp)
    {
        for (int m = RiskLevels.Min; m <= level; m++)
        {
            if (category is RiskCategory cat && (int)cat is >= 0 and < AnyCategory)
            {
                PlanSlot(sc, bucket, m, (int)cat, title, text, dedupe, ref n, ref stamp);
                PlanSlot(sc, bucket, m, AnyCategory, title, text, dedupe, ref n, ref stamp);
            }
            else if (category is null)
            {
                for (int s = 0; s < CategorySlots; s++) PlanSlot(sc, bucket, m, s, title, text, dedupe, ref n, ref stamp);
            }
            else PlanSlot(sc, bucket, m, AnyCategory, title, text, dedupe, ref n, ref stamp);
        }
    }

    private void PlanSlot(Scratch sc, PostingList?[] bucket, int minLevel, int categorySlot, string? title, string? text, Dedupe dedupe, ref int n, ref int stamp)
    {
        PlanList(sc, bucket[ListIndex(minLevel, categorySlot, false)], false, null, null, dedupe, ref n, ref stamp);
        PlanList(sc, bucket[ListIndex(minLevel, categorySlot, true)], true, title, text, dedupe, ref n, ref stamp);
    }

    private void PlanList(Scratch sc, PostingList? list, bool keyed, string? title, string? text, Dedupe dedupe, ref int n, ref int stamp)
    {
        if (list is not { Count: > 0 }) return;
        bool filter = keyed && title is not null;
        if (dedupe != Dedupe.None)
        {
            int words = (_slotCount + 63) >> 6;
            if (sc.Seen.Length < words) sc.Seen = new ulong[Math.Max(words, sc.Seen.Length * 2)];
        }
        var seen = sc.Seen;
        var slots = list.Slots;
        if (!filter && (dedupe & Dedupe.Check) == 0)
        {
            // Taken whole, with one block copy later; marked when a later list must not take the same subscriptions.
            if (dedupe == Dedupe.Mark)
                for (int i = 0; i < list.Count; i++) seen[slots[i] >> 6] |= 1UL << (slots[i] & 63);
            sc.AddSegment(list, -1, list.Count);
            n += list.Count;
            return;
        }
        if (filter && stamp == 0) stamp = ScanKeywords(sc, title!, text ?? "");
        if (sc.PickCount + list.Count > sc.Picks.Length) Array.Resize(ref sc.Picks, Math.Max(sc.PickCount + list.Count, sc.Picks.Length * 2));
        var picks = sc.Picks;
        var found = sc.Found;
        var keywordsOf = _keywordsOf;
        var inline = list.Keywords;
        bool check = (dedupe & Dedupe.Check) != 0, mark = (dedupe & Dedupe.Mark) != 0;
        int start = sc.PickCount, p = start;
        for (int i = 0; i < list.Count; i++)
        {
            int slot = slots[i];
            if (filter)
            {
                int k0 = inline![2 * i], k1 = inline[2 * i + 1];
                bool hit = found[k0] == stamp || (k1 >= 0 && found[k1] == stamp) || (k1 == PostingList.More && AnyFound(keywordsOf[slot]!, found, stamp));
                if (!hit) continue;
            }
            if (check || mark)
            {
                ref ulong word = ref seen[slot >> 6];
                ulong bit = 1UL << (slot & 63);
                if (check && (word & bit) != 0) continue;
                if (mark) word |= bit;
            }
            picks[p++] = i;
        }
        sc.PickCount = p;
        if (p > start) sc.AddSegment(list, start, p - start);
        n += p - start;
    }

    private static bool AnyFound(int[] keywords, int[] found, int stamp)
    {
        foreach (var k in keywords)
            if (found[k] == stamp) return true;
        return false;
    }

    /// <summary>Clears the dedupe bits set while planning (every one belongs to a slot of a planned segment).</summary>
    private static void ClearSeen(Scratch sc)
    {
        var seen = sc.Seen;
        if (seen.Length == 0) return;
        foreach (var (list, pickStart, count) in sc.Segments.AsSpan(0, sc.SegmentCount))
        {
            // Whole lists may have been marked too; clearing a word nobody marked is harmless.
            if (pickStart < 0) foreach (var slot in list.Slots.AsSpan(0, count)) seen[slot >> 6] = 0;
            else foreach (var i in sc.Picks.AsSpan(pickStart, count)) seen[list.Slots[i] >> 6] = 0;
        }
    }

    /// <summary>Marks in <c>sc.Found</c> every keyword id present in the title or the text (each scanned on its own); returns the mark.</summary>
    private int ScanKeywords(Scratch sc, string title, string text)
    {
        if (sc.Found.Length < _keywordRefs.Count) sc.Found = new int[Math.Max(_keywordRefs.Count, sc.Found.Length * 2)];
        if (++sc.Stamp == int.MaxValue) { Array.Clear(sc.Found); sc.Stamp = 1; }
        _automaton.Scan(title, sc.Found, sc.Stamp);
        _automaton.Scan(text, sc.Found, sc.Stamp);
        foreach (var (keyword, id) in _pending)
        {
            if (title.Contains(keyword, StringComparison.OrdinalIgnoreCase) || text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                sc.Found[id] = sc.Stamp;
        }
        return sc.Stamp;
    }

    private bool NeedsRebuildLocked() => _pending.Count > 0 || _retired.Count > Math.Max(64, _keywordId.Count / 4);

    /// <summary>Starts a background build unless one is running (it loops until nothing is pending).</summary>
    private void ScheduleRebuild()
    {
        if (Interlocked.CompareExchange(ref _rebuilding, 1, 0) == 0) _ = Task.Run(Rebuild);
    }

    private void Rebuild()
    {
        try
        {
            RebuildUntilCurrent();
        }
        finally
        {
            Volatile.Write(ref _rebuilding, 0);
        }
        // A keyword added between the last check and the reset above found the flag still set: look once more.
        bool again;
        _lock.EnterReadLock();
        try { again = _pending.Count > 0; }
        finally { _lock.ExitReadLock(); }
        if (again) ScheduleRebuild();
    }

    private void RebuildUntilCurrent()
    {
        while (true)
        {
            List<(string Folded, int Id)> snapshot;
            int generation;
            _lock.EnterReadLock();
            try
            {
                if (_pending.Count == 0 && _retired.Count == 0) return;
                snapshot = _keywordId.Select(kv => (kv.Key, kv.Value)).ToList();
                generation = _generation;
            }
            finally { _lock.ExitReadLock(); }

            var automaton = KeywordAutomaton.Build(snapshot); // outside the lock: matching goes on meanwhile

            _lock.EnterWriteLock();
            try
            {
                if (generation != _generation) continue; // reloaded meanwhile: build again from the new keywords
                var covered = snapshot.Select(k => k.Id).ToHashSet();
                // Keywords added after the snapshot stay pending; ids retired before it are unknown to the new
                // automaton and may now be reused; ids retired after it are still known to it and stay retired.
                _pending.RemoveAll(k => covered.Contains(k.Id));
                foreach (var id in _retired.Where(id => !covered.Contains(id)).ToList())
                {
                    _retired.Remove(id);
                    _freeKeywordIds.Push(id);
                }
                _automaton = automaton;
                if (_pending.Count == 0) return;
            }
            finally { _lock.ExitWriteLock(); }
        }
    }

    /// <summary>For tests: waits until the keyword automaton covers every keyword.</summary>
    internal async Task WaitForKeywordBuildAsync(TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            bool pending;
            _lock.EnterReadLock();
            try { pending = _pending.Count > 0; }
            finally { _lock.ExitReadLock(); }
            if (!pending) return;
            if (waited.Elapsed > timeout) throw new TimeoutException("the keyword automaton was not rebuilt in time");
            ScheduleRebuild(); // in case the last build finished just before a keyword was added
            await Task.Delay(10);
        }
    }

    private void AddLocked(MatchEntry e)
    {
        int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _slotCount++;
        if (slot >= _entries.Length)
        {
            int size = Math.Max(slot + 1, _entries.Length * 2);
            Array.Resize(ref _entries, size);
            Array.Resize(ref _ids, size);
            Array.Resize(ref _keywordsOf, size);
        }
        _slotOf[e.Id] = slot;
        _entries[slot] = e;
        _ids[slot] = e.Id;
        var keywords = KeywordIds(e);
        _keywordsOf[slot] = keywords;
        if (keywords is not null) foreach (var k in keywords) AcquireKeyword(k);
        UpdateLists(e, slot, add: true, keywords is not null, keywords);
    }

    private void RemoveLocked(long id)
    {
        if (!_slotOf.Remove(id, out var slot)) return;
        var e = _entries[slot]!;
        var keywords = _keywordsOf[slot];
        UpdateLists(e, slot, add: false, keywords is not null, keywords);
        if (keywords is not null) foreach (var k in keywords) ReleaseKeyword(k);
        _entries[slot] = null;
        _keywordsOf[slot] = null;
        _freeSlots.Push(slot);
    }

    /// <summary>Adds the slot to (<paramref name="keywords"/> given or <paramref name="add"/>) or removes it from every list the entry belongs to.</summary>
    private void UpdateLists(MatchEntry e, int slot, bool add, bool keyed, int[]? keywords)
    {
        // Plain loops: Load runs this a million times at start-up.
        int level = RiskLevels.Clamp(e.MinLevel);
        if (e.Countries.Length == 0) { UpdateBucket(_buckets[AllCountries], e, slot, level, add, keyed, keywords); return; }
        var countries = e.Countries;
        for (int i = 0; i < countries.Length; i++)
        {
            if (Array.IndexOf(countries, countries[i], 0, i) >= 0) continue; // listed twice
            if (!_countryIndex.TryGetValue(countries[i], out var ci))
            {
                if (!add) continue;
                _countryIndex[countries[i]] = ci = _buckets.Count;
                _buckets.Add(new PostingList?[ListsPerBucket]);
            }
            UpdateBucket(_buckets[ci], e, slot, level, add, keyed, keywords);
        }
    }

    private static void UpdateBucket(PostingList?[] bucket, MatchEntry e, int slot, int level, bool add, bool keyed, int[]? keywords)
    {
        if (e.Categories is not { } cats) { UpdateList(bucket, ListIndex(level, AnyCategory, keyed), e, slot, add, keyed, keywords); return; }
        // A value outside the enum cannot be asked for by an item: it is ignored, and a filter of nothing else is "any"
        // (a subscription then sits in one list per bucket and level, which matching relies on).
        bool anyValid = false;
        for (int i = 0; i < cats.Length; i++) anyValid |= IsValid(cats[i]);
        if (!anyValid) { UpdateList(bucket, ListIndex(level, AnyCategory, keyed), e, slot, add, keyed, keywords); return; }
        for (int i = 0; i < cats.Length; i++)
        {
            if (!IsValid(cats[i]) || Array.IndexOf(cats, cats[i], 0, i) >= 0) continue; // invalid or listed twice
            UpdateList(bucket, ListIndex(level, (int)cats[i], keyed), e, slot, add, keyed, keywords);
        }
    }

    private static bool IsValid(RiskCategory c) => (int)c is >= 0 and < AnyCategory;

    private static void UpdateList(PostingList?[] bucket, int listIndex, MatchEntry e, int slot, bool add, bool keyed, int[]? keywords)
    {
        ref var list = ref bucket[listIndex];
        if (add) (list ??= new PostingList(keyed)).Add(slot, e, keywords);
        else list?.Remove(slot);
    }

    /// <summary>The entry's keywords as ids (acquired by the caller), or null when it has no keyword filter.</summary>
    private int[]? KeywordIds(MatchEntry e)
    {
        if (e.Keywords.Length == 0) return null;
        var folded = e.Keywords.Select(KeywordAutomaton.Fold).Distinct(StringComparer.Ordinal).ToArray();
        // An empty keyword is contained in every text: the filter lets everything through.
        if (folded.Any(k => k.Length == 0)) return null;
        var ids = new int[folded.Length];
        for (int i = 0; i < folded.Length; i++)
        {
            if (!_keywordId.TryGetValue(folded[i], out var id))
            {
                id = _freeKeywordIds.Count > 0 ? _freeKeywordIds.Pop() : _keywordRefs.Count;
                if (id == _keywordRefs.Count) { _keywordRefs.Add(0); _keywordText.Add(null); }
                _keywordId[folded[i]] = id;
                _keywordText[id] = folded[i];
                _pending.Add((folded[i], id)); // searched plainly until the automaton is rebuilt
            }
            ids[i] = id;
        }
        return ids;
    }

    private void AcquireKeyword(int id) => _keywordRefs[id]++;

    private void ReleaseKeyword(int id)
    {
        if (--_keywordRefs[id] > 0) return;
        _keywordId.Remove(_keywordText[id]!);
        _keywordText[id] = null;
        // No subscription asks for it any more, so stop searching it; the automaton may still report the id, so it is
        // given to another keyword only after a build without it.
        int p = _pending.FindIndex(k => k.Id == id);
        if (p >= 0) _pending.RemoveAt(p);
        _retired.Add(id);
    }
}
