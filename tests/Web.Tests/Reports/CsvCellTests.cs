using RiskWatch.Web.Reports;

namespace RiskWatch.Web.Tests.Reports;

public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 10 1234", "'+86 10 1234")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("  =cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("泰国", "泰国")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "line break")]
    public void Cell_QuotesAndDefusesFormulas(string value, string expected) => Assert.Equal(expected, CsvWriter.Cell(value));

    [Fact]
    public void Tokens_ChinesePunctuationStaysWithThePrecedingCharacter()
    {
        var tokens = PdfWriter.Tokens("泰国，曼谷。Bangkok city").ToList();
        Assert.Equal(["泰", "国，", "曼", "谷。", "Bangkok ", "city"], tokens);
    }
}
