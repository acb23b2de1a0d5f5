using RiskWatch.Scoring;

namespace RiskWatch.Scoring.Tests;

public class LevelMaskerTests
{
    [Theory]
    [InlineData("Mali - Level 4: Do Not Travel", "level 4")]
    [InlineData("Exercise increased caution in Maldives due to terrorism.", "increased caution")]
    [InlineData("Reconsider travel to Guyana due to crime.", "reconsider")]
    [InlineData("Exercise a high degree of caution in Armenia.", "high degree")]
    [InlineData("Reconsider your need to travel to Niger.", "reconsider")]
    [InlineData("AVOID ALL TRAVEL. The Security tab was updated.", "avoid all travel")]
    [InlineData("Avoid non-essential travel to the north.", "non-essential")]
    [InlineData("FCDO advises against all but essential travel to Haiti.", "essential travel")]
    [InlineData("Travel advice level YELLOW.", "yellow")]
    [InlineData("Für das Land besteht eine Reisewarnung.", "reisewarnung")]
    public void Mask_English_RemovesLevelStatements(string text, string gone)
    {
        var masked = LevelMasker.Mask(text);
        Assert.DoesNotContain(gone, masked, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("阿富汗风险等级为橙色（高风险）。", "橙")]
    [InlineData("伊朗现有部分地区为红色(极高风险)，其他地区为橙色(高风险)。", "红")]
    [InlineData("外交部提醒中国公民近期暂勿前往巴勒斯坦。", "暂勿前往")]
    [InlineData("提醒中国公民谨慎前往上述地区。", "谨慎前往")]
    [InlineData("请注意安全。", "注意安全")]
    [InlineData("该国为黄色（中风险）。", "中风险")]
    [InlineData("已在当地的人员和机构尽快撤离或转移至安全地区。", "撤离或转移")]
    public void Mask_Chinese_RemovesColoursRisksAndAdviceVerbs(string text, string gone)
    {
        Assert.DoesNotContain(gone, LevelMasker.Mask(text), StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_KeepsTheSituationDescribed()
    {
        var masked = LevelMasker.Mask("Level 3: Reconsider Travel. Reconsider travel to X due to crime, terrorism and kidnapping. 当地恐怖袭击频发，绑架事件时有发生。");
        Assert.Contains("crime, terrorism and kidnapping", masked, StringComparison.Ordinal);
        Assert.Contains("恐怖袭击频发", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("Level 3", masked, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Mask_NullOrEmpty_GivesEmpty()
    {
        Assert.Equal("", LevelMasker.Mask(null));
        Assert.Equal("", LevelMasker.Mask(""));
    }
}
