using Lucene.Net.Search;
using RiskWatch.Search.Lucene;

namespace RiskWatch.Search.Tests;

public sealed class TermHighlighterTests
{
    private static string? Highlight(string query, string field, string text, bool whole)
    {
        using var index = Fields.PerField(ChineseAnalysis.Bigram, forHighlight: true);
        using var forQuery = Fields.PerField(ChineseAnalysis.Bigram, forQuery: true);
        Query q = RiskQueryParser.ParseOrNull(query, forQuery, cjkPrefixFields: Fields.CjkPrefixFields(ChineseAnalysis.Bigram, Fields.CurrentFormat))!;
        return new TermHighlighter(q, index, fragmentChars: 60).Highlight(field, text, whole);
    }

    [Fact]
    public void Highlight_LongText_ReturnsTheTwoFragmentsWithMatchesInTextOrder()
    {
        var filler = string.Join(' ', Enumerable.Repeat("nothing to report here", 10));
        var text = $"{filler}. Cholera cases rose. {filler}. The outbreak of cholera spread. {filler}.";
        var html = Highlight("cholera AND outbreak", Fields.TextEn, text, whole: false)!;

        var parts = html.Split(" … ");
        Assert.Equal(2, parts.Length);
        Assert.Contains("<mark>Cholera</mark>", parts[0]);
        Assert.Contains("<mark>outbreak</mark> of <mark>cholera</mark>", parts[1]);
        Assert.True(html.Length < text.Length / 2);
    }

    [Fact]
    public void Highlight_TwoChineseWordsInOneRun_MarksEachWithoutTheCharactersBetween()
    {
        var html = Highlight("恐怖 袭击", Fields.TitleZh, "恐怖分子发动袭击", whole: true);
        Assert.Equal("<mark>恐怖</mark>分子发动<mark>袭击</mark>", html);
    }

    [Fact]
    public void Highlight_NoMatchInTheField_ReturnsNull()
    {
        Assert.Null(Highlight("earthquake", Fields.TitleEn, "Flood warning for Bangladesh", whole: true));
        Assert.Null(Highlight("earthquake NOT flood", Fields.TitleEn, "Flood warning", whole: true));
    }
}
