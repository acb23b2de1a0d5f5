using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using RiskWatch.Core;

namespace RiskWatch.Search.Lucene;

/// <summary>
/// The classic Lucene syntax (quoted phrases, AND / OR / NOT, +/-, parentheses, wildcards) over title and text in both
/// languages, plus field syntax: <c>title:</c>, <c>text:</c>, <c>country:CN</c>, <c>category:terrorism</c>, <c>source:</c>,
/// <c>lang:zh</c>, <c>level:[3 TO 5]</c>. Bare words are all required (AND), as analysts narrowing a search expect.
/// Not thread-safe: one per query.
/// </summary>
internal sealed class RiskQueryParser : MultiFieldQueryParser
{
    private static readonly string Known = "title, text, country, category, source, lang, level";

    private readonly int _format;
    private readonly IReadOnlySet<string>? _cjkPrefixFields;

    /// <param name="perField">The query analyzers of the index.</param>
    /// <param name="format">The index format (numeric precision steps).</param>
    /// <param name="cjkPrefixFields">Fields that hold the bigrams and only the last character of each CJK run (format 2):
    /// their one-character terms are matched as prefixes (<see cref="CjkQueries"/>).</param>
    public RiskQueryParser(Analyzer perField, int format = Fields.CurrentFormat, IReadOnlySet<string>? cjkPrefixFields = null) : base(Fields.Version, Fields.TextFields, perField)
    {
        _format = format;
        _cjkPrefixFields = cjkPrefixFields;
        // A Chinese run such as 恐怖袭击 is several terms after analysis: make it a phrase, not OR'd words.
        AutoGeneratePhraseQueries = true;
        DefaultOperator = Operator.AND;
    }

    /// <summary>Parses the text; null when it is empty (match everything).</summary>
    public static Query? ParseOrNull(string? text, Analyzer perField, int format = Fields.CurrentFormat, IReadOnlySet<string>? cjkPrefixFields = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        Query q;
        try
        {
            q = new RiskQueryParser(perField, format, cjkPrefixFields).Parse(text);
        }
        catch (ParseException e)
        {
            throw new QuerySyntaxException(Explain(text, e), e);
        }
        catch (BooleanQuery.TooManyClausesException e)
        {
            throw new QuerySyntaxException("The search expands to too many terms (a wildcard matches too much): make it more specific.", e);
        }
        // Only-negative queries ("NOT 演习") match nothing in Lucene; analysts mean "everything except".
        if (q is BooleanQuery bq && bq.Clauses.Count > 0 && bq.Clauses.All(c => c.Occur == Occur.MUST_NOT))
            bq.Add(new MatchAllDocsQuery(), Occur.MUST);
        return q;
    }

    private static string Explain(string text, ParseException e)
    {
        // Lucene's messages carry a grammar dump; the first line is the useful part.
        var msg = e.Message;
        var cut = msg.IndexOf("Was expecting", StringComparison.Ordinal);
        if (cut > 0) msg = msg[..cut];
        msg = msg.Replace("\r", " ").Replace("\n", " ").Trim();
        var hint = text.Count(c => c == '"') % 2 == 1 ? " A quotation mark is not closed."
            : text.Count(c => c == '(') != text.Count(c => c == ')') ? " Parentheses do not match." : "";
        return $"The search text cannot be understood: {msg}.{hint}".Replace("..", ".");
    }

    private static string[]? TextAlias(string field) => field.ToLowerInvariant() switch
    {
        "title" => [Fields.TitleZh, Fields.TitleEn],
        "text" or "body" => [Fields.TextZh, Fields.TextEn],
        "title_zh" or "text_zh" or "title_en" or "text_en" => [field.ToLowerInvariant()],
        _ => null,
    };

    private Query KeywordQuery(string field, string value) => field.ToLowerInvariant() switch
    {
        "country" => new TermQuery(new Term(Fields.Country, Keys.Country(value))),
        "source" => new TermQuery(new Term(Fields.Source, Keys.Source(value))),
        "lang" or "language" => new TermQuery(new Term(Fields.Language, Keys.Language(value))),
        "category" => RiskCategories.Parse(value) is { } c
            ? new TermQuery(new Term(Fields.Category, c.Key()))
            : throw new ParseException($"Unknown category '{value}'. Use one of: {string.Join(", ", RiskCategories.All.Select(x => x.Key()))}"),
        "level" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
            ? Fields.LevelRange(_format, l, l)
            : throw new ParseException($"Level '{value}' is not a number from 1 to 5"),
        _ => throw new ParseException($"Unknown field '{field}'. Known fields: {Known}. To search for text with a colon, put it in quotes"),
    };

    private Query? Expand(string field, Func<string, Query?> perField)
    {
        var fields = TextAlias(field)!;
        if (fields.Length == 1) return perField(fields[0]);
        var bq = new BooleanQuery(true);
        foreach (var f in fields)
            if (perField(f) is { } q) bq.Add(q, Occur.SHOULD);
        return bq.Clauses.Count == 0 ? null : bq;
    }

    protected override Query GetFieldQuery(string field, string queryText, bool quoted)
    {
        if (field is null) return Adapt(base.GetFieldQuery(field!, queryText, quoted))!;
        return TextAlias(field) is null ? KeywordQuery(field, queryText) : Adapt(Expand(field, f => base.GetFieldQuery(f, queryText, quoted)))!;
    }

    protected override Query GetFieldQuery(string field, string queryText, int slop)
    {
        if (field is null) return Adapt(base.GetFieldQuery(field!, queryText, slop))!;
        return TextAlias(field) is null ? KeywordQuery(field, queryText) : Adapt(Expand(field, f => base.GetFieldQuery(f, queryText, slop)))!;
    }

    /// <summary>The terms of one query word, adapted on the fields that do not hold every single CJK character.</summary>
    private Query? Adapt(Query? q)
    {
        if (_cjkPrefixFields is not { Count: > 0 } || q is null) return q;
        if (q is BooleanQuery bq)
        {
            foreach (var c in bq.Clauses) c.Query = Adapt(c.Query)!;
            return bq;
        }
        var field = q switch
        {
            TermQuery t => t.Term.Field,
            PhraseQuery p when p.GetTerms().Length > 0 => p.GetTerms()[0].Field,
            _ => null,
        };
        return field is not null && _cjkPrefixFields.Contains(field) ? CjkQueries.Adapt(q) : q;
    }

    protected override Query GetPrefixQuery(string field, string termStr) =>
        field is null ? base.GetPrefixQuery(field!, termStr) : Expand(NeedText(field), f => base.GetPrefixQuery(f, termStr))!;

    protected override Query GetWildcardQuery(string field, string termStr) =>
        field is null ? base.GetWildcardQuery(field!, termStr) : Expand(NeedText(field), f => base.GetWildcardQuery(f, termStr))!;

    protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity) =>
        field is null ? base.GetFuzzyQuery(field!, termStr, minSimilarity) : Expand(NeedText(field), f => base.GetFuzzyQuery(f, termStr, minSimilarity))!;

    protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive)
    {
        if (field is not null && field.Equals("level", StringComparison.OrdinalIgnoreCase))
            return Fields.LevelRange(_format, Bound(part1), Bound(part2), startInclusive, endInclusive);
        return field is null ? base.GetRangeQuery(field!, part1, part2, startInclusive, endInclusive)
            : Expand(NeedText(field), f => base.GetRangeQuery(f, part1, part2, startInclusive, endInclusive))!;

        static int? Bound(string? s) => s is null or "*" ? null
            : int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new ParseException($"Level '{s}' is not a number from 1 to 5");
    }

    private static string NeedText(string field) => TextAlias(field) is null
        ? throw new ParseException($"Wildcards, fuzzy and range searches work on title and text, not on '{field}'")
        : field;
}
