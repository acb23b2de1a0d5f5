namespace RiskWatch.Alerts.Matching;

/// <summary>
/// Aho–Corasick automaton over the case-folded keywords of every subscription: one pass over a text finds every keyword
/// it contains, however many keywords there are. Substring semantics (as <see cref="string.Contains(string, StringComparison)"/>
/// with OrdinalIgnoreCase): Chinese has no spaces to split on, and "attack" is meant to find "attacks" too.
/// Immutable once built; the index builds a new one when the set of keywords changed.
/// </summary>
internal sealed class KeywordAutomaton
{
    // The root's children by character: most steps of a scan start at the root, so they cost one array read.
    private readonly int[] _root;
    // Children below the root: (state << 16 | char) → state.
    private readonly Dictionary<long, int> _next;
    private readonly int[] _fail;
    // The keyword id that ends at a state, or -1; and the next state on the failure chain that ends one, or -1.
    private readonly int[] _output;
    private readonly int[] _outLink;

    public static readonly KeywordAutomaton Empty = Build([]);

    private KeywordAutomaton(int[] root, Dictionary<long, int> next, int[] fail, int[] output, int[] outLink)
    {
        _root = root; _next = next; _fail = fail; _output = output; _outLink = outLink;
    }

    public int States => _fail.Length;

    /// <summary>The folded form both keywords and texts are compared in (simple upper-case mapping, as OrdinalIgnoreCase does).</summary>
    public static char Fold(char c) => char.ToUpperInvariant(c);

    public static string Fold(string s) => string.Create(s.Length, s, static (span, src) =>
    {
        for (int i = 0; i < src.Length; i++) span[i] = char.ToUpperInvariant(src[i]);
    });

    private static long Key(int state, char c) => ((long)state << 16) | c;

    /// <summary>Builds the automaton; keywords must already be folded and distinct.</summary>
    public static KeywordAutomaton Build(IEnumerable<(string Folded, int Id)> keywords)
    {
        var root = new int[char.MaxValue + 1];
        var next = new Dictionary<long, int>();
        var output = new List<int> { -1 };
        var children = new List<List<(char C, int S)>?> { null };
        int NewState(int parent, char c)
        {
            output.Add(-1);
            children.Add(null);
            var s = output.Count - 1;
            (children[parent] ??= []).Add((c, s));
            return s;
        }

        foreach (var (kw, id) in keywords)
        {
            if (kw.Length == 0) continue;
            int s = 0;
            foreach (var c in kw)
            {
                int t;
                if (s == 0)
                {
                    t = root[c];
                    if (t == 0) root[c] = t = NewState(0, c);
                }
                else if (!next.TryGetValue(Key(s, c), out t)) next[Key(s, c)] = t = NewState(s, c);
                s = t;
            }
            output[s] = id;
        }

        var fail = new int[output.Count];
        var outLink = new int[output.Count];
        outLink[0] = -1;
        var queue = new Queue<int>();
        queue.Enqueue(0);
        while (queue.TryDequeue(out var u))
        {
            if (children[u] is not { } kids) continue;
            foreach (var (c, v) in kids)
            {
                int f = 0;
                if (u != 0)
                {
                    // The longest proper suffix of v's string that is also a prefix of some keyword.
                    for (int g = fail[u]; ; g = fail[g])
                    {
                        int t = g == 0 ? root[c] : next.GetValueOrDefault(Key(g, c));
                        if (t != 0) { f = t; break; }
                        if (g == 0) break;
                    }
                }
                fail[v] = f;
                outLink[v] = output[f] >= 0 ? f : outLink[f];
                queue.Enqueue(v);
            }
        }
        return new KeywordAutomaton(root, next, fail, output.ToArray(), outLink);
    }

    /// <summary>Sets <c>found[id] = stamp</c> for every keyword id that occurs in <paramref name="text"/>.</summary>
    public void Scan(string text, int[] found, int stamp)
    {
        if (_fail.Length == 1) return;
        int s = 0;
        foreach (var ch in text)
        {
            var c = Fold(ch);
            while (true)
            {
                if (s == 0) { s = _root[c]; break; }
                if (_next.TryGetValue(Key(s, c), out var t)) { s = t; break; }
                s = _fail[s];
            }
            for (int o = _output[s] >= 0 ? s : _outLink[s]; o > 0; o = _outLink[o]) found[_output[o]] = stamp;
        }
    }
}
