using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// Marks every occurrence of the query's terms (of the non-prohibited clauses) in a stored text, re-analysed with the
/// index analyzer: one pass over the tokens, a set lookup per token, no per-token strings or fragment objects.
/// Overlapping or touching matches merge into one mark, so the overlapping bigrams of a Chinese phrase read as one.
/// The text is cut into fragments of about <c>fragmentChars</c> at token boundaries; the best two (most distinct terms,
/// then most marks) are returned in text order. Null when nothing matches. One instance per search; not thread-safe.
/// </summary>
internal sealed class TermHighlighter(Query query, Analyzer analyzer, int fragmentChars = 160, int maxChars = 100_000)
{
    private readonly Dictionary<string, HashSet<string>> _termsByField = [];
    private readonly List<(int Start, int End, int Term)> _marks = [];
    private readonly List<int> _bounds = [];

    private HashSet<string> Terms(string field)
    {
        if (!_termsByField.TryGetValue(field, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var w in QueryTermExtractor.GetTerms(query, false, field)) set.Add(w.Term);
            _termsByField[field] = set;
        }
        return set;
    }

    public string? Highlight(string field, string text, bool whole)
    {
        var terms = Terms(field);
        if (terms.Count == 0 || text.Length == 0) return null;
        var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        _marks.Clear();
        _bounds.Clear();
        _bounds.Add(0);
        var seen = new List<string>(4);
        using (var ts = analyzer.GetTokenStream(field, text))
        {
            var term = ts.AddAttribute<ICharTermAttribute>();
            var offset = ts.AddAttribute<IOffsetAttribute>();
            ts.Reset();
            while (ts.IncrementToken())
            {
                int start = offset.StartOffset, end = offset.EndOffset;
                if (start >= maxChars || end > text.Length) break;
                if (!whole && start >= _bounds[^1] + fragmentChars && (_marks.Count == 0 || start >= _marks[^1].End)) _bounds.Add(start);
                if (!lookup.TryGetValue(term.Buffer.AsSpan(0, term.Length), out var found)) continue;
                var id = seen.IndexOf(found);
                if (id < 0) { id = seen.Count; seen.Add(found); }
                _marks.Add((start, end, id));
            }
            ts.End();
        }
        if (_marks.Count == 0) return null;
        _marks.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        if (whole) return Render(text, 0, text.Length);

        // Score each fragment: distinct terms first (a fragment with both words of "cholera AND outbreak" beats one with
        // three "cholera"), then the number of marks.
        var n = _bounds.Count;
        var scores = new (int Distinct, int Count, int Index)[n];
        var mask = new ulong[n];
        foreach (var m in _marks)
        {
            var f = Fragment(m.Start);
            scores[f].Count++;
            var bit = 1UL << Math.Min(m.Term, 63);
            if ((mask[f] & bit) == 0) { mask[f] |= bit; scores[f].Distinct++; }
        }
        for (int i = 0; i < n; i++) scores[i].Index = i;
        var best = scores.Where(s => s.Count > 0).OrderByDescending(s => s.Distinct).ThenByDescending(s => s.Count).ThenBy(s => s.Index)
            .Take(2).Select(s => s.Index).Order().ToArray();
        var sb = new StringBuilder();
        foreach (var f in best)
        {
            if (sb.Length > 0) sb.Append(" … ");
            var from = _bounds[f];
            var to = f + 1 < n ? _bounds[f + 1] : text.Length;
            sb.Append(Render(text, from, to).Trim());
        }
        return sb.ToString();
    }

    private int Fragment(int offset)
    {
        var i = _bounds.BinarySearch(offset);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>HTML-escaped text[from..to) with &lt;mark&gt; around the merged matches inside it.</summary>
    private string Render(string text, int from, int to)
    {
        var sb = new StringBuilder(to - from + 32);
        var pos = from;
        for (int i = 0; i < _marks.Count; i++)
        {
            var (start, end, _) = _marks[i];
            if (end <= pos || start < from) continue;
            if (start >= to) break;
            // Merge the run of matches that overlap or touch this one.
            while (i + 1 < _marks.Count && _marks[i + 1].Start <= end) end = Math.Max(end, _marks[++i].End);
            end = Math.Min(end, to);
            if (start > pos) sb.Append(Html.Escape(text[pos..start]));
            sb.Append("<mark>").Append(Html.Escape(text[Math.Max(start, pos)..end])).Append("</mark>");
            pos = end;
        }
        if (pos < to) sb.Append(Html.Escape(text[pos..to]));
        return sb.ToString();
    }
}
