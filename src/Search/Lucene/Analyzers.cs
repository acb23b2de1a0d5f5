using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// Field names and analyzers. Each item's title and text go into the fields of its language only; a query is analysed
/// per field and OR'd across them, so one query finds both languages.
/// </summary>
internal static class Fields
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public const string Id = "id";
    public const string Json = "json";
    public const string TitleZh = "title_zh";
    public const string TextZh = "text_zh";
    public const string TitleEn = "title_en";
    public const string TextEn = "text_en";
    public const string Country = "country";
    public const string Category = "category";
    public const string Source = "source";
    public const string Level = "level";
    public const string Published = "published";
    public const string Language = "lang";

    public static readonly string[] TextFields = [TitleZh, TextZh, TitleEn, TextEn];

    public const string AnalysisCommitKey = "riskwatch.zh-analysis";

    /// <summary>Commit data key of the index format: how documents are laid out and analysed. An index without it is
    /// format 1. An index keeps its format for life (new documents are written in it, queries are analysed for it).</summary>
    public const string FormatCommitKey = "riskwatch.format";

    /// <summary>The format an index's commit data records (format 1 when it records none).</summary>
    public static int FormatOf(IDictionary<string, string> commitData) =>
        commitData.TryGetValue(FormatCommitKey, out var f)
        && int.TryParse(f, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;

    /// <summary>The format of a new index. 1: StandardTokenizer chains (Chinese: CJKBigramFilter with unigrams).
    /// 2: the text fields (Chinese with bigram analysis, and English) use <see cref="CjkBigramTokenizer"/> (about 6x cheaper than
    /// those chains; English words get the same stop words, possessives and Porter stems as EnglishAnalyzer) and hold the bigrams of each
    /// run of CJK characters and only its last character (<see cref="CjkUnigrams.Last"/>): 45 % fewer terms than format 1,
    /// which held every character; a one-character query is a prefix query (<see cref="CjkQueries"/>), exact all the same.
    /// Format 2 also indexes the level as one term (precision step "infinite") and the published time with a precision step
    /// of 16 instead of 4: 5 numeric terms per document instead of 24, a quarter of the per-document indexing cost.
    /// Documents are built from fields reused per indexing thread (format-independent).</summary>
    public const int CurrentFormat = 2;

    /// <summary>Numeric precision step of the level field in an index of that format (queries must use the same).</summary>
    public static int LevelStep(int format) => format >= 2 ? int.MaxValue : NumericUtils.PRECISION_STEP_DEFAULT;

    /// <summary>Numeric precision step of the published field in an index of that format.</summary>
    public static int PublishedStep(int format) => format >= 2 ? 16 : NumericUtils.PRECISION_STEP_DEFAULT;

    public static Query LevelRange(int format, int? min, int? max, bool minInclusive = true, bool maxInclusive = true) =>
        NumericRangeQuery.NewInt32Range(Level, LevelStep(format), min, max, minInclusive, maxInclusive);

    public static Query PublishedRange(int format, long? min, long? max, bool minInclusive = true, bool maxInclusive = true) =>
        NumericRangeQuery.NewInt64Range(Published, PublishedStep(format), min, max, minInclusive, maxInclusive);

    /// <summary>English fields: EnglishAnalyzer (possessives, stop words, Porter stemming: "attacks" finds "attack").</summary>
    /// <remarks>Format 2: <see cref="CjkBigramTokenizer"/> and Porter stemming, as on the Chinese fields (words, possessives,
    /// the same stop words and stems as EnglishAnalyzer, at a fraction of the CPU; CJK text inside English items is bigrams).</remarks>
    public static Analyzer English(int format = 1, bool forQuery = false, bool forHighlight = false) => format >= 2
        ? new FastBigramAnalyzer(forQuery ? CjkUnigrams.Lone : forHighlight ? CjkUnigrams.All : CjkUnigrams.Last)
        : new EnglishAnalyzer(Version);

    /// <summary>
    /// Chinese fields. English words inside Chinese text get the same stop words and stemming as the English fields:
    /// otherwise a query word that the English analyzer drops ("the") would stay a required term on the Chinese fields only
    /// and an AND query could never match an English item.
    /// </summary>
    /// <remarks>
    /// Bigrams: the index also keeps each character (unigrams) so that a one-character query (火, 疫) finds it; a query
    /// keeps only bigrams (one character alone stays a unigram), so 恐怖袭击 is the phrase 恐怖 怖袭 袭击 and matches the
    /// bigrams at the same positions in the index.
    /// </remarks>
    public static Analyzer Chinese(ChineseAnalysis analysis, bool forQuery = false, int format = CurrentFormat, bool forHighlight = false) => analysis switch
    {
        ChineseAnalysis.SmartCn => new SmartCnAnalyzer(),
        _ when format >= 2 => new FastBigramAnalyzer(forQuery ? CjkUnigrams.Lone : forHighlight ? CjkUnigrams.All : CjkUnigrams.Last),
        _ => new BigramAnalyzer(unigrams: !forQuery),
    };

    /// <summary>The fields whose one-character CJK query terms are prefixes (see <see cref="CjkQueries"/>): those analysed
    /// by <see cref="CjkBigramTokenizer"/> with <see cref="CjkUnigrams.Last"/>.</summary>
    public static IReadOnlySet<string> CjkPrefixFields(ChineseAnalysis analysis, int format) => format < 2 ? NoFields
        : analysis == ChineseAnalysis.Bigram ? AllTextFields : EnglishFields;

    private static readonly IReadOnlySet<string> NoFields = new HashSet<string>();
    private static readonly IReadOnlySet<string> AllTextFields = new HashSet<string>(TextFields);
    private static readonly IReadOnlySet<string> EnglishFields = new HashSet<string> { TitleEn, TextEn };

    /// <summary>The analyzers of an index's fields: for indexing, for queries (bigrams only), or for highlights (every
    /// character and bigram, so that a one-character query marks that character).</summary>
    public static PerFieldAnalyzerWrapper PerField(ChineseAnalysis analysis, bool forQuery = false, int format = CurrentFormat, bool forHighlight = false)
    {
        var zh = Chinese(analysis, forQuery, format, forHighlight);
        var en = English(format, forQuery, forHighlight);
        return new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), new Dictionary<string, Analyzer>
        {
            [TitleZh] = zh,
            [TextZh] = zh,
            [TitleEn] = en,
            [TextEn] = en,
        });
    }

    private static CharArraySet ChineseStops()
    {
        var set = new CharArraySet(Version, 64, true);
        foreach (var w in EnglishAnalyzer.DefaultStopSet) set.Add(w);
        foreach (var w in SmartChineseAnalyzer.DefaultStopSet) set.Add(w);
        return set;
    }

    private static readonly CharArraySet Stops = ChineseStops().AsReadOnly();

    /// <summary>SmartCn word segmentation (HMM + dictionary), then lower case, stop words, Porter stemming.</summary>
    private sealed class SmartCnAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new HMMChineseTokenizer(reader);
            TokenStream ts = new LowerCaseFilter(Version, tokenizer);
            ts = new StopFilter(Version, ts, Stops);
            ts = new PorterStemFilter(ts);
            return new TokenStreamComponents(tokenizer, ts);
        }
    }

    /// <summary>Overlapping CJK bigrams (Lucene's CJKAnalyzer chain), plus the English stop words and stemming.</summary>
    private sealed class BigramAnalyzer(bool unigrams) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream ts = new CJKWidthFilter(tokenizer);
            ts = new LowerCaseFilter(Version, ts);
            ts = new CJKBigramFilter(ts, CJKScript.ALL, unigrams);
            ts = new StopFilter(Version, ts, Stops);
            ts = new PorterStemFilter(ts);
            return new TokenStreamComponents(tokenizer, ts);
        }
    }

    /// <summary>Format 2's Chinese fields: <see cref="CjkBigramTokenizer"/> (bigrams, words, stop words) then Porter stemming of the words.</summary>
    internal sealed class FastBigramAnalyzer(CjkUnigrams unigrams) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new CjkBigramTokenizer(reader, unigrams, Stops);
            return new TokenStreamComponents(tokenizer, new PorterStemFilter(tokenizer));
        }
    }
}
