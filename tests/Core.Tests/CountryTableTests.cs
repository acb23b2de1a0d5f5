using RiskWatch.Core.Countries;

namespace RiskWatch.Core.Tests;

public class CountryTableTests
{
    [Theory]
    [InlineData("CH", "CN")]
    [InlineData("AS", "AU")]
    [InlineData("AU", "AT")]
    [InlineData("GM", "DE")]
    [InlineData("UK", "GB")]
    [InlineData("BM", "MM")]
    [InlineData("RS", "RU")]
    [InlineData("JA", "JP")]
    [InlineData("UC", "CW")]
    [InlineData("NS", "SR")]
    [InlineData("KS", "KR")]
    [InlineData("KN", "KP")]
    public void ByFips_MapsFipsCodeToIso(string fips, string iso2) => Assert.Equal(iso2, CountryTable.ByFips(fips)?.Iso2);

    [Theory]
    [InlineData("朝鲜", "KP")]
    [InlineData("韩国", "KR")]
    [InlineData("中国台湾", "TW")]
    [InlineData("缅甸", "MM")]
    [InlineData("Burma", "MM")]
    [InlineData("科特迪瓦", "CI")]
    [InlineData("Côte d'Ivoire", "CI")]
    [InlineData("cote d ivoire", "CI")]
    [InlineData("Iran (Islamic Republic of)", "IR")]
    [InlineData("Egypt, Arab Rep.", "EG")]
    [InlineData("Österreich", "AT")]
    public void ByName_ResolvesChineseEnglishAndAliasNames(string name, string iso2) => Assert.Equal(iso2, CountryTable.ByName(name)?.Iso2);

    [Fact]
    public void Resolve_AcceptsIso2Iso3AndNames()
    {
        Assert.Equal("CN", CountryTable.Resolve("cn")?.Iso2);
        Assert.Equal("CN", CountryTable.Resolve("CHN")?.Iso2);
        Assert.Equal("CN", CountryTable.Resolve("China")?.Iso2);
        Assert.Null(CountryTable.Resolve("Atlantis"));
    }

    [Fact]
    public void Table_CoversEveryIsoCountryWithChineseNames()
    {
        Assert.True(CountryTable.All.Count >= 249);
        Assert.All(CountryTable.All, c => Assert.False(string.IsNullOrWhiteSpace(c.NameZh), c.Iso2));
        Assert.Equal(CountryTable.All.Count, CountryTable.All.Select(c => c.Iso2).Distinct().Count());
    }

    [Fact]
    public void FindMentions_PrefersLongestNameAndKeepsOrder()
    {
        Assert.Equal(["SS"], CountryTable.FindMentions("Fighting continues in South Sudan."));
        Assert.Equal(["ID", "TH"], CountryTable.FindMentions("印度尼西亚巴厘岛火山喷发，泰国南部也受影响"));
        Assert.Empty(CountryTable.FindMentions("A quiet day with nothing to report."));
    }
}
