using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// Queries for one CJK character on the Chinese fields of a format-2 bigram index, which holds the bigrams of each run of
/// CJK characters and the run's last character (<see cref="CjkUnigrams.Last"/>), not every character: each character of a
/// run begins exactly one term at its own position, the bigram it starts or (last in the run) itself. So "the text holds 村"
/// is "a term starting with 村", and "村 at position p" is "a term starting with 村 at p".
/// </summary>
internal static class CjkQueries
{
    /// <summary>True for a term of exactly one CJK character (a lone character in the query).</summary>
    public static bool IsOneCjkChar(string text)
    {
        if (text.Length is 0 or > 2) return false;
        if (text.Length == 2 && !char.IsSurrogatePair(text[0], text[1])) return false;
        return CjkBigramTokenizer.Kind(text.ToCharArray(), 0, text.Length, out var w) == 2 && w == text.Length;
    }

    /// <summary>The query for a Chinese field of a format-2 bigram index: a one-character term becomes a prefix query, a
    /// phrase with a one-character term that may stand inside a longer run a <see cref="CjkPhraseQuery"/>; others unchanged.</summary>
    public static Query? Adapt(Query? q)
    {
        switch (q)
        {
            case TermQuery tq when IsOneCjkChar(tq.Term.Text):
                return new CjkCharQuery(tq.Term) { Boost = tq.Boost };
            case PhraseQuery pq:
            {
                var terms = pq.GetTerms();
                var positions = pq.GetPositions();
                var prefix = new bool[terms.Length];
                var any = false;
                for (int i = 0; i < terms.Length; i++)
                {
                    // A lone character followed, at the next position, by a word of the query is the last of its run in
                    // the text too (the word's position would otherwise hold the run's next bigram): its own term. Last in
                    // the phrase, before a gap, or in a sloppy phrase, it may start a bigram of a longer run.
                    prefix[i] = IsOneCjkChar(terms[i].Text)
                                && (pq.Slop > 0 || i == terms.Length - 1 || positions[i + 1] != positions[i] + 1);
                    any |= prefix[i];
                }
                return any ? new CjkPhraseQuery(terms, positions, prefix, pq.Slop) { Boost = pq.Boost } : pq;
            }
            default:
                return q;
        }
    }
}

/// <summary>Documents holding a term that starts with one CJK character (constant score), see <see cref="CjkQueries"/>.
/// Its term, for the highlighter, is the character itself (the highlight analysis emits every character).</summary>
internal sealed class CjkCharQuery(Term term) : PrefixQuery(term)
{
    public override void ExtractTerms(ISet<Term> terms) => terms.Add(Prefix);
}

/// <summary>A phrase whose one-character positions match any term starting with that character at that position,
/// see <see cref="CjkQueries"/>. Rewritten against the index into a <see cref="MultiPhraseQuery"/>.</summary>
internal sealed class CjkPhraseQuery(Term[] terms, int[] positions, bool[] prefix, int slop) : Query
{
    private readonly Term[] _terms = terms;
    private readonly int[] _positions = positions;
    private readonly bool[] _prefix = prefix;
    private readonly int _slop = slop;

    public override Query Rewrite(IndexReader reader)
    {
        var field = _terms[0].Field;
        var mpq = new MultiPhraseQuery { Slop = _slop, Boost = Boost };
        var indexTerms = MultiFields.GetTerms(reader, field);
        for (int i = 0; i < _terms.Length; i++)
        {
            if (!_prefix[i])
            {
                mpq.Add([_terms[i]], _positions[i]);
                continue;
            }
            var expanded = new List<Term>();
            if (indexTerms is not null)
            {
                var te = indexTerms.GetEnumerator();
                var start = new BytesRef(_terms[i].Text);
                if (te.SeekCeil(start) != TermsEnum.SeekStatus.END)
                {
                    do
                    {
                        if (!StringHelper.StartsWith(te.Term, start)) break;
                        expanded.Add(new Term(field, BytesRef.DeepCopyOf(te.Term)));
                    }
                    while (te.MoveNext());
                }
            }
            // No term starts with the character: nothing matches.
            if (expanded.Count == 0) return new BooleanQuery();
            mpq.Add([.. expanded], _positions[i]);
        }
        return mpq;
    }

    public override void ExtractTerms(ISet<Term> set)
    {
        foreach (var t in _terms) set.Add(t);
    }

    public override string ToString(string field)
    {
        var sb = new StringBuilder();
        if (_terms[0].Field != field) sb.Append(_terms[0].Field).Append(':');
        sb.Append('"');
        for (int i = 0; i < _terms.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(_terms[i].Text);
            if (_prefix[i]) sb.Append('*');
        }
        sb.Append('"');
        if (_slop > 0) sb.Append('~').Append(_slop);
        return sb.ToString();
    }

    public override bool Equals(object? obj) => obj is CjkPhraseQuery o && base.Equals(o) && _slop == o._slop
        && _terms.SequenceEqual(o._terms) && _positions.SequenceEqual(o._positions) && _prefix.SequenceEqual(o._prefix);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), _slop, _terms.Length > 0 ? _terms[0].GetHashCode() : 0, _terms.Length);
}
