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
    [InlineData("Updated to reflect change in overall travel advisory level from 3 to 2 due to fewer protests.", "3 to 2")]
    [InlineData("The advisory level was increased to 2. Crime is common.", "to 2")]
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

    [Theory]
    [InlineData("外交部提醒中国公民近期暂勿前往上述地区，已在当地的人员和机构尽快撤离或转移至安全地区。当地恐袭频发。", "当地恐袭频发。")]
    [InlineData("外交部提醒在苏里南中国公民，密切关注当地安全形势，提高警惕，加强防范，注意安全。治安较差。", "治安较差。")]
    [InlineData("已在当地人员和机构尽快撤离或转移至相对安全地区。武装冲突持续。", "。武装冲突持续。")]
    public void Mask_Chinese_TheWholeStandardAdviceSentenceGoes(string text, string left)
    {
        var masked = LevelMasker.Mask(text).Replace(LevelMasker.Token, "", StringComparison.Ordinal).Trim();
        Assert.Equal(left, masked);
    }

    [Theory]
    [InlineData("Exercise increased caution in Maldives due to terrorism.", " Maldives due to terrorism.")]
    [InlineData("Reconsider travel to Guyana due to crime.", " Guyana due to crime.")]
    [InlineData("Do not travel to or remain in Gaza.", " Gaza.")]
    [InlineData("Higher levels apply in some areas. Protests occur.", ". Protests occur.")]
    [InlineData("Travel Advisory Level 3 issued.", "Travel  issued.")]
    public void Mask_English_TheWordsAroundTheLevelThatTellItGoToo(string text, string left)
    {
        Assert.Equal(left, LevelMasker.Mask(text).Replace(LevelMasker.Token, "", StringComparison.Ordinal));
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

    [Theory]
    [InlineData("Level3 advice; level 2- exercise NORMAL precautions")]
    [InlineData("don't travel, dont travel, Do not travel, does not travel, DO NOT TRAVEL")]
    [InlineData("_level 4 x_red Red Sea, redder, éviter tout voyage non essentiel; Éviter tout voyage")]
    [InlineData("Threat level: HIGH. Overall risk is assessed as very high. the national risk assessed as moderate")]
    [InlineData("FCDO advises against all but essential travel; advised against all travel; against all travel")]
    [InlineData("Von Reisen nach X wird dringend abgeraten. Teilreisewarnung. 红色（极高风险）暂勿前往 level 4")]
    [InlineData("a b c do re")]
    public void Mask_WordScan_GivesWhatScanningThePatternsGives(string text)
    {
        Assert.Equal(LevelMasker.MaskByScanning(text), LevelMasker.Mask(text));
    }

    [Fact]
    public void Mask_WordScan_GivesWhatScanningThePatternsGives_OnTheSeedCorpusAndEveryCapture()
    {
        var texts = SeedCorpus.Load().Select(d => d.Title + " . " + d.Text).ToList();
        if (Shared.Sources is { } sources)
            texts.AddRange(Directory.EnumerateFiles(sources, "*", SearchOption.AllDirectories)
                .Where(f => new FileInfo(f).Length < 3_000_000 && Path.GetExtension(f) is not ".gz" and not ".zip" and not ".xlsx")
                .Select(File.ReadAllText));
        else Console.WriteLine("Mask_WordScan test: ../shared/reference/sources is absent here; the seed corpus only");
        int changed = 0;
        foreach (var t in texts)
        {
            var expected = LevelMasker.MaskByScanning(t);
            Assert.Equal(expected, LevelMasker.Mask(t));
            if (!ReferenceEquals(expected, t) && expected != t) changed++;
        }
        Assert.True(changed > 20, $"only {changed} texts had anything masked");
    }
}
