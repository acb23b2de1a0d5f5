using System.Text.RegularExpressions;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Parsing;

/// <summary>
/// Countries named in free text, for sources without a country field: the Core gazetteer, after removing the phrases in which
/// Chinese sources name China as the reader rather than the subject ("中国公民", "中国驻…使馆"), plus the one-character short forms
/// alerts use ("在泰中国公民" → Thailand). Only unambiguous short forms are read.
/// </summary>
internal static partial class Gazetteer
{
    private static readonly Dictionary<char, string> ShortForms = new()
    {
        ['泰'] = "TH", ['法'] = "FR", ['美'] = "US", ['日'] = "JP", ['韩'] = "KR", ['俄'] = "RU", ['英'] = "GB", ['德'] = "DE", ['意'] = "IT",
        ['澳'] = "AU", ['缅'] = "MM", ['柬'] = "KH", ['老'] = "LA", ['越'] = "VN", ['菲'] = "PH", ['新'] = "SG", ['以'] = "IL", ['埃'] = "EG", ['土'] = "TR",
    };

    /// <summary>The title's countries, else the text's.</summary>
    public static IReadOnlyList<string> Countries(string title, string text, int max = 6)
    {
        var found = Find(title, max);
        return found.Count > 0 ? found : Find(text, max);
    }

    public static IReadOnlyList<string> Find(string text, int max = 6)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var codes = CountryTable.FindMentions(ReaderPhrases().Replace(text, " "), max).ToList();
        foreach (Match m in ShortForm().Matches(text))
            if (ShortForms.TryGetValue(m.Groups[1].Value[0], out var iso2) && !codes.Contains(iso2)) codes.Add(iso2);
        return codes.Take(max).ToList();
    }

    [GeneratedRegex(@"中国(?:公民|游客|企业|人员|同胞|籍|政府|外交部)|中国驻|驻华|中资|中方|来华|访华|中国领事服务网")]
    private static partial Regex ReaderPhrases();

    [GeneratedRegex(@"(?:在|赴|旅)(\p{IsCJKUnifiedIdeographs})(?:中国公民|中国游客|中国企业|中资|同胞|人员)")]
    private static partial Regex ShortForm();
}
