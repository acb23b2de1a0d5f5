using System.Text;

namespace RiskWatch.Faults.Tests.Support;

/// <summary>A feed in the US State Department travel-advisory RSS format with as many items as a test needs.</summary>
public static class UsFeed
{
    // FIPS country tags (the feed's Country-Tag uses FIPS 10-4, not ISO).
    private static readonly string[] Tags = ["KE", "FR", "GM", "JA", "BR", "MX", "IN", "EG"];

    public static string Build(int count, string titlePrefix = "Testland", int level = 2)
    {
        var sb = new StringBuilder();
        sb.Append("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
              <channel>
                <title>travel.state.gov: Travel Advisories</title>
                <link>https://travel.state.gov/content/travel/en/traveladvisories/traveladvisories.html</link>
                <description>RiskWatch fault-test feed in the format of the State Department feed.</description>
                <pubDate>Mon, 02 Nov 2026 12:00:00 GMT</pubDate>

            """);
        string levelText = level switch { 1 => "Level 1: Exercise Normal Precautions", 2 => "Level 2: Exercise Increased Caution", 3 => "Level 3: Reconsider Travel", _ => "Level 4: Do Not Travel" };
        for (int i = 0; i < count; i++)
        {
            var tag = Tags[i % Tags.Length];
            sb.Append($"""
                    <item>
                      <title>{titlePrefix} district {i} - {levelText}</title>
                      <link>https://travel.state.gov/test/faults-{i}.html</link>
                      <pubDate>Mon, 02 Nov 2026</pubDate>
                      <description><![CDATA[<p><b>Exercise increased caution</b> in district {i} due to <b>crime</b> and <b>civil unrest</b>.</p>]]></description>
                      <category domain="Threat-Level">{levelText}</category>
                      <category domain="Country-Tag">{tag}</category>
                      <category domain="Keyword">advisory</category>
                      <guid>https://travel.state.gov/test/faults-{i}.html</guid>
                      <dc:identifier>{tag},advisory</dc:identifier>
                    </item>

                """);
        }
        sb.Append("  </channel>\n</rss>\n");
        return sb.ToString();
    }

    /// <summary>Settings that make the built-in US source poll <paramref name="url"/> every <paramref name="seconds"/> seconds.</summary>
    public static Dictionary<string, string> Source(Uri url, int seconds = 2) => new()
    {
        ["RiskWatch:Sources:us-state-dept:Enabled"] = "true",
        ["RiskWatch:Sources:us-state-dept:Url"] = url.ToString(),
        ["RiskWatch:Sources:us-state-dept:Cron"] = $"0/{seconds} * * * * ?",
        ["RiskWatch:Sources:us-state-dept:AllowPrivateNetwork"] = "true",
        ["RiskWatch:Sources:us-state-dept:MinHostIntervalSeconds"] = "0",
    };
}
