using RiskWatch.Collectors.Tests.Support;

namespace RiskWatch.Collectors.Tests;

/// <summary>The failure contract of every built-in source: unreadable content is a <see cref="SourceFormatException"/> with a reason, never another exception.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string, string> Fixtures => new()
    {
        { "us-state-dept", "us-state-dept.a.xml" }, { "uk-fcdo", "uk-fcdo-country.json" }, { "ca-travel", "ca-travel-index.json" },
        { "au-smartraveller", "au-smartraveller.json" }, { "de-aa", "de-aa.json" }, { "cn-mfa-destinations", "cn-mfa-destinations.json" },
        { "cn-mfa-alerts", "cn-mfa-alerts.xml" }, { "gdacs", "gdacs.xml" }, { "who-don", "who-don.json" }, { "worldbank", "worldbank-api.json" },
        { "un-sanctions", "un-consolidated.xml" }, { "ofac", "ofac-sdn.csv" }, { "gdelt", "gdelt.export.CSV" },
    };

    private static readonly string[] Garbage =
    [
        "", "   ", "@@@ not data @@@", "\u0001\u0002\u0003", "<html><body>502 Bad Gateway</body></html>", "{}", "[]", "{\"a\": 1}", "[1, 2, 3]",
        "{\"value\": 5, \"data\": 7, \"response\": 3, \"features\": 1, \"countries\": 2, \"schema_name\": \"travel_advice\", \"details\": 4}",
        "<rss><channel><item><title>x</title></item></channel>", "<?xml version=\"1.0\"?><other/>",
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Parse_MalformedOrEmptyContent_ThrowsOnlyFormatExceptions(string id, string fixture)
    {
        _ = fixture;
        var source = SourceRegistry.CreateDefault().Get(id)!;
        foreach (var content in Garbage)
        {
            try
            {
                source.Parse(content);
            }
            catch (SourceFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }
        var ok = Assert.ThrowsAny<SourceFormatException>(() => source.Parse(""));
        Assert.Contains("empty", ok.Message);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Parse_TruncatedFixture_ThrowsFormatExceptionOrReadsWhatIsComplete(string id, string fixture)
    {
        var source = SourceRegistry.CreateDefault().Get(id)!;
        var full = Paths.ReadFixture(fixture);
        var complete = source.Parse(full).Count;
        foreach (var cut in new[] { full.Length / 3, full.Length / 2, full.Length - 5 })
        {
            try
            {
                Assert.True(source.Parse(full[..cut]).Count <= complete);
            }
            catch (SourceFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }
    }
}
