using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// The Chinese fields' tokenizer (index format 2): one pass over the text that emits overlapping bigrams of each run of
/// CJK characters (Han, kana, Hangul) and lower-cased words of everything else, with English stop words removed (leaving a
/// position gap, as Lucene's StopFilter does) and possessive 's cut. It replaces the StandardTokenizer, CJKWidth, LowerCase,
/// CJKBigram and Stop chain of format 1, which cost about as much CPU as Lucene's whole indexing of the same tokens.
/// Latin words are marked as non-keywords and CJK terms as keywords so that a following PorterStemFilter stems the words only.
/// </summary>
/// <remarks>
/// Unigrams, per run of CJK characters ABCD:
/// <list type="bullet">
/// <item><see cref="CjkUnigrams.All"/>: A AB B BC C CD D, each bigram at its first character's position (format 1's index).</item>
/// <item><see cref="CjkUnigrams.Last"/>: AB BC CD D (format 2's index): every character starts exactly one term, so a
/// one-character query is a prefix query and finds the character anywhere; half the terms of <c>All</c>.</item>
/// <item><see cref="CjkUnigrams.Lone"/>: AB BC CD (queries); a run of one character is that character.</item>
/// </list>
/// Words are cut at 255 characters (as StandardTokenizer does). Full-width ASCII letters and digits are read as ASCII.
/// </remarks>
internal sealed class CjkBigramTokenizer : Tokenizer
{
    public const int MaxWord = 255;

    private readonly CjkUnigrams _unigrams;
    private readonly CharArraySet _stops;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _posInc;
    private readonly IKeywordAttribute _keyword;

    private char[] _buf = new char[2048];
    private int _len, _pos;

    // The CJK run being emitted: [_u, _runEnd), _u the current character; _bigramNext when (All) the bigram at _u is next.
    private bool _inRun, _bigramNext;
    private int _u, _runEnd, _gap;

    public CjkBigramTokenizer(TextReader input, CjkUnigrams unigrams, CharArraySet stops) : base(input)
    {
        _unigrams = unigrams;
        _stops = stops;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _posInc = AddAttribute<IPositionIncrementAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override void Reset()
    {
        base.Reset();
        _len = 0;
        while (true)
        {
            if (_len == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
            var n = m_input.Read(_buf, _len, _buf.Length - _len);
            if (n <= 0) break;
            _len += n;
        }
        _pos = 0;
        _inRun = false;
        _bigramNext = false;
        _gap = 0;
    }

    public override void End()
    {
        base.End();
        var end = CorrectOffset(_len);
        _offset.SetOffset(end, end);
        _posInc.PositionIncrement = _gap;
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        while (true)
        {
            if (_inRun) return EmitCjk();
            var buf = _buf;
            // Skip to the next word or CJK character.
            int start = _pos, kind = 0, w = 1;
            while (start < _len && (kind = Kind(buf, start, _len, out w)) == 0) start += w;
            if (start >= _len) { _pos = _len; return false; }
            if (kind == 2)
            {
                var end = start + w;
                int w2;
                while (end < _len && Kind(buf, end, _len, out w2) == 2) end += w2;
                _u = start;
                _runEnd = end;
                _pos = end;
                _inRun = true;
                _bigramNext = false;
                continue;
            }
            if (EmitWord(start)) return true;
        }
    }

    private bool EmitWord(int start)
    {
        var buf = _buf;
        var term = _term.ResizeBuffer(MaxWord + 2);
        int n = 0, i = start;
        while (i < _len && n < MaxWord)
        {
            var c = buf[i];
            if (c < 0x80)
            {
                if ((uint)(c - 'A') <= 'Z' - 'A') { term[n++] = (char)(c | 0x20); i++; continue; }
                if ((uint)(c - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9) { term[n++] = c; i++; continue; }
                // An apostrophe or a full stop between letters, or a full stop or comma between digits, belongs to the word
                // (it's, O'Brien, U.S., 3.5, 1,000), as in UAX#29.
                if (n > 0 && i + 1 < _len && (c is '\'' or '.' or ',') && Joins(c, term[n - 1], buf[i + 1])) { term[n++] = c; i++; continue; }
                break;
            }
            if (c == '\u2019' && n > 0 && i + 1 < _len && IsWordStart(buf, i + 1, _len)) { term[n++] = '\''; i++; continue; }
            var k = Kind(buf, i, _len, out var w);
            if (k != 1) break;
            if (w == 2)
            {
                if (n + 2 > MaxWord) break;
                var cp = char.ConvertToUtf32(buf[i], buf[i + 1]);
                var lower = CultureInfo.InvariantCulture.TextInfo.ToLower(char.ConvertFromUtf32(cp));
                foreach (var lc in lower) term[n++] = lc;
                i += 2;
                continue;
            }
            // Full-width ASCII (U+FF01..FF5E) reads as ASCII.
            if (c is >= '\uFF01' and <= '\uFF5E') c = (char)(c - 0xFEE0);
            term[n++] = char.ToLowerInvariant(c);
            i++;
        }
        _pos = i;
        // Possessive 's (and s'), as EnglishPossessiveFilter does on the English fields.
        if (n >= 2 && term[n - 2] == '\'' && term[n - 1] == 's') n -= 2;
        else if (n >= 1 && term[n - 1] == '\'') n--;
        if (n == 0 || _stops.Contains(term, 0, n))
        {
            _gap++;
            return false;
        }
        _term.Length = n;
        _offset.SetOffset(CorrectOffset(start), CorrectOffset(i));
        _posInc.PositionIncrement = 1 + _gap;
        _gap = 0;
        _keyword.IsKeyword = false;
        return true;
    }

    /// <summary>Whether a word starts at <paramref name="i"/>, looking no further than the <paramref name="len"/> characters read.</summary>
    private static bool IsWordStart(char[] buf, int i, int len) => Kind(buf, i, len, out _) == 1;

    private static bool Joins(char c, char before, char after)
    {
        var digits = char.IsAsciiDigit(before) && char.IsAsciiDigit(after);
        return c switch
        {
            ',' => digits,
            _ => digits || (char.IsLetter(before) && char.IsLetter(after)),
        };
    }

    private bool EmitCjk()
    {
        var buf = _buf;
        var u = _u;
        var u1 = u + (char.IsHighSurrogate(buf[u]) && u + 1 < _runEnd ? 2 : 1);
        var hasNext = u1 < _runEnd;
        var u2 = hasNext ? u1 + (char.IsHighSurrogate(buf[u1]) && u1 + 1 < _runEnd ? 2 : 1) : u1;
        _keyword.IsKeyword = true;
        switch (_unigrams)
        {
            case CjkUnigrams.All:
                if (_bigramNext)
                {
                    Set(u, u2, 0);
                    _bigramNext = false;
                    _u = u1;
                }
                else
                {
                    Set(u, u1, 1 + _gap);
                    _gap = 0;
                    if (hasNext) _bigramNext = true;
                    else _inRun = false;
                }
                return true;
            case CjkUnigrams.Last:
                if (hasNext) { Set(u, u2, 1 + _gap); _u = u1; }
                else { Set(u, u1, 1 + _gap); _inRun = false; }
                _gap = 0;
                return true;
            default:
                if (!hasNext) { Set(u, u1, 1 + _gap); _inRun = false; }
                else
                {
                    Set(u, u2, 1 + _gap);
                    _u = u1;
                    if (u2 >= _runEnd) _inRun = false;
                }
                _gap = 0;
                return true;
        }
    }

    private void Set(int from, int to, int posInc)
    {
        _term.CopyBuffer(_buf, from, to - from);
        _offset.SetOffset(CorrectOffset(from), CorrectOffset(to));
        _posInc.PositionIncrement = posInc;
    }

    /// <summary>0: neither (space, punctuation, symbols), 1: a word character, 2: a CJK character; <paramref name="width"/> in UTF-16 units.</summary>
    internal static int Kind(char[] buf, int i, int len, out int width)
    {
        var c = buf[i];
        width = 1;
        if (c < 0x80) return (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 ? 1 : 0;
        if (c >= 0x4E00 && c <= 0x9FFF) return 2;
        if (char.IsHighSurrogate(c) && i + 1 < len && char.IsLowSurrogate(buf[i + 1]))
        {
            width = 2;
            var cp = char.ConvertToUtf32(c, buf[i + 1]);
            if (cp is >= 0x20000 and <= 0x3FFFF) return 2;
            var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
            return IsWordCategory(cat) ? 1 : 0;
        }
        if (c is (>= '\u3400' and <= '\u4DBF') or (>= '\u3040' and <= '\u30FF') or (>= '\u31F0' and <= '\u31FF') or '\u3005' or '\u3007'
            or (>= '\uAC00' and <= '\uD7AF') or (>= '\u1100' and <= '\u11FF') or (>= '\u3130' and <= '\u318F')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF66' and <= '\uFF9F'))
            return 2;
        return IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(c)) ? 1 : 0;
    }

    private static bool IsWordCategory(UnicodeCategory cat) => cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}

/// <summary>Which single characters of a CJK run <see cref="CjkBigramTokenizer"/> emits besides the bigrams.</summary>
internal enum CjkUnigrams
{
    /// <summary>Every character, at its own position, the bigram stacked on its first character (format 1's index).</summary>
    All,

    /// <summary>Only the last character of each run (format 2's index).</summary>
    Last,

    /// <summary>Only a run of one character (queries).</summary>
    Lone,
}
