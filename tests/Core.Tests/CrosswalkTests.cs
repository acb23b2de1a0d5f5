namespace RiskWatch.Core.Tests;

public class CrosswalkTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 5)]
    public void UsStateDept_MapsFourLevelsOntoFive(int us, int expected) => Assert.Equal(expected, Crosswalk.UsStateDept(us));

    [Theory]
    [InlineData("蓝色（低风险）", 1)]
    [InlineData("黄色", 2)]
    [InlineData("橙色(高风险)", 4)]
    [InlineData("红色（极高风险）", 5)]
    [InlineData("提醒中国公民近期暂勿前往", 5)]
    public void ChinaColour_MapsColoursAndVerbs(string raw, int expected) => Assert.Equal(expected, Crosswalk.ChinaColour(raw));

    [Fact]
    public void UnknownRawLevels_AreNull()
    {
        Assert.Null(Crosswalk.UsStateDept(7));
        Assert.Null(Crosswalk.ChinaColour("绿色"));
        Assert.Null(Crosswalk.Gdacs("purple"));
    }

    [Fact]
    public void LevelNames_AreBilingual()
    {
        Assert.Equal("极高", RiskLevels.Name(5));
        Assert.Equal("Extreme", RiskLevels.Name(5, "en"));
        Assert.Equal("terrorism", RiskCategory.TerrorismSecurity.Key());
        Assert.Equal(RiskCategory.TerrorismSecurity, RiskCategories.Parse("terrorism"));
    }
}
