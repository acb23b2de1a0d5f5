using System.Text.Json;
using System.Text.RegularExpressions;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>WHO Disease Outbreak News (OData JSON, <c>value[]</c>). The raw level is WHO's national risk statement when the assessment states one.</summary>
internal sealed partial class WhoDonSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "who-don";
    public static readonly Uri DefaultUrl = new("https://www.who.int/api/news/diseaseoutbreaknews?sf_culture=en&$orderby=PublicationDateAndTime%20desc&$top=50");

    public override bool Recognizes(string content)
    {
        var head = Head(content, 20000);
        return head.Contains("\"DonId\"", StringComparison.Ordinal) || head.Contains("diseaseoutbreaknews", StringComparison.OrdinalIgnoreCase);
    }

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        using var doc = Json.Load(content, "WHO Disease Outbreak News");
        var root = doc.RootElement;
        var values = root.ValueKind == JsonValueKind.Array ? root : root.Prop("value") ?? throw new SourceFormatException("WHO DON JSON without \"value\"");
        var items = new List<CollectedItem>();
        foreach (var v in values.EnumerateArray())
        {
            var title = Html.Decode(v.Bool("UseOverrideTitle") && v.Str("OverrideTitle") is { Length: > 0 } ot ? ot : v.Str("Title"));
            if (title.Length == 0) continue;
            var urlName = v.Str("UrlName") ?? v.Str("DonId") ?? "";
            var sections = new[] { "Summary", "Overview", "Epidemiology", "Assessment", "Advice", "Response" }
                .Select(s => (Name: s, Text: Html.ToText(v.Str(s)))).Where(s => s.Text.Length > 0).ToList();
            var assessment = Html.ToText(v.Str("Assessment"));
            var risk = NationalRisk().Match(assessment) is { Success: true } m ? m.Groups[1].Value.ToLowerInvariant() : null;
            var extra = new Dictionary<string, string>();
            if (v.Str("DonId") is { Length: > 0 } donId) extra["donId"] = donId;
            var place = TitlePlace(title);
            extra["disease"] = title.Contains('-') ? Html.Squash(title[..title.LastIndexOf('-')]) : title;
            items.Add(new CollectedItem
            {
                Source = SourceId,
                SourceItemId = v.Str("Id") ?? urlName,
                Title = title,
                Url = urlName.Length > 0 ? "https://www.who.int/emergencies/disease-outbreak-news/item/" + urlName : "",
                Text = string.Join("\n\n", sections.Select(s => s.Text)),
                Published = Dates.Parse(v.Str("PublicationDateAndTime")) ?? Dates.Parse(v.Str("PublicationDate")),
                RawLevel = risk is null ? null : $"national risk {risk}",
                Level = risk switch { "very high" => 5, "high" => 4, "moderate" => 3, "low" => 2, _ => null },
                Countries = CountryTable.ByName(place) is { } c ? [c.Iso2]
                    : CountryTable.FindMentions(place, 5) is { Count: > 0 } inPlace ? inPlace
                    : CountryTable.FindMentions(title + "\n" + Html.ToText(v.Str("Overview")), 10),
                Language = "en",
                Extra = extra,
            });
        }
        return items;
    }

    /// <summary>"Ebola disease … -  Democratic Republic of the Congo" → the place after the last dash.</summary>
    private static string TitlePlace(string title)
    {
        var i = title.LastIndexOf(" -", StringComparison.Ordinal);
        if (i < 0) i = title.LastIndexOf('–');
        return i >= 0 ? Html.Squash(title[(i + 1)..].TrimStart('-', '–')) : "";
    }

    [GeneratedRegex(@"risk\s+(?:at\s+(?:the\s+)?national\s+level\s+)?(?:as\s+|is\s+)?(very high|high|moderate|low)", RegexOptions.IgnoreCase)]
    private static partial Regex NationalRisk();
}
