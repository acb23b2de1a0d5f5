using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using RiskWatch.Collectors.Parsing;
using RiskWatch.Core;
using RiskWatch.Core.Countries;

namespace RiskWatch.Collectors.Sources;

/// <summary>
/// US State Department travel advisories (RSS 2.0). Level from <c>category[@domain='Threat-Level']</c>; countries from
/// <c>Country-Tag</c>, which is FIPS 10-4 (CH = China, AS = Australia, AU = Austria); "Do Not Travel to" / "Reconsider Travel to"
/// areas from the description HTML become regions.
/// </summary>
internal sealed partial class UsStateDeptSource(Uri? url = null) : SourceBase(SourceId, url ?? DefaultUrl)
{
    public const string SourceId = "us-state-dept";
    public static readonly Uri DefaultUrl = new("https://travel.state.gov/_res/rss/TAsTWs.xml");

    public override bool Recognizes(string content)
    {
        var head = Head(content, 20000);
        return head.Contains("<rss", StringComparison.OrdinalIgnoreCase) && head.Contains("Threat-Level", StringComparison.Ordinal);
    }

    protected override IReadOnlyList<CollectedItem> ParseCore(string content, Uri? location)
    {
        var doc = Xml.Load(content, "RSS feed of travel advisories");
        var root = doc.Root!;
        if (root.Name.LocalName != "rss") throw new SourceFormatException($"not an RSS feed: root element is <{root.Name.LocalName}>");
        var channel = root.Element("channel") ?? throw new SourceFormatException("RSS feed without <channel>");
        var items = new List<CollectedItem>();
        foreach (var item in channel.Elements("item"))
        {
            var parsed = ParseItem(item);
            if (parsed is not null) items.Add(parsed);
        }
        return items;
    }

    private static CollectedItem? ParseItem(XElement item)
    {
        var title = Html.Decode(item.Child("title"));
        var link = item.Child("link")?.Trim() ?? "";
        var guid = item.Child("guid")?.Trim();
        var categories = item.Children("category").Select(c => (Domain: (string?)c.Attribute("domain") ?? "", Value: c.Value.Trim())).ToList();
        var threat = categories.FirstOrDefault(c => c.Domain.Equals("Threat-Level", StringComparison.OrdinalIgnoreCase)).Value;
        if (string.IsNullOrEmpty(threat))
        {
            // Older items carry the level only in the title.
            var m = TitleLevel().Match(title);
            if (m.Success) threat = m.Value.Trim();
        }
        int? usLevel = threat is { Length: > 0 } && LevelNumber().Match(threat) is { Success: true } lm ? int.Parse(lm.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        var tags = categories.Where(c => c.Domain.Equals("Country-Tag", StringComparison.OrdinalIgnoreCase)).Select(c => c.Value).ToList();
        var countries = tags.Select(CountryTable.ByFips).OfType<Country>().Select(c => c.Iso2).Distinct().ToList();
        var descriptionHtml = item.Child("description") ?? "";
        if (countries.Count == 0)
        {
            var name = CountryPart(title);
            countries = CountryTable.ByName(name) is { } byName ? [byName.Iso2] : CountryTable.FindMentions(name, 5).ToList();
        }
        if (title.Length == 0 && link.Length == 0) return null;
        var doc = Html.Parse("<body>" + descriptionHtml + "</body>");
        var text = Html.ElementText(doc.Body);
        var extra = new Dictionary<string, string>();
        if (tags.Count > 0) extra["countryTag"] = string.Join(",", tags);
        return new CollectedItem
        {
            Source = SourceId,
            // The link is unique per destination; tags are not (three Caribbean islands share "A1").
            SourceItemId = guid is { Length: > 0 } ? guid : link.Length > 0 ? link : string.Join(",", tags),
            Title = title,
            Url = link,
            Text = text,
            Published = Dates.Parse(item.Child("pubDate")),
            RawLevel = string.IsNullOrEmpty(threat) ? null : threat,
            Level = usLevel is int l ? Crosswalk.UsStateDept(l) : null,
            Countries = countries,
            Language = "en",
            Regions = Regions(doc),
            Extra = extra,
        };
    }

    /// <summary>"Mexico Travel Advisory - Level 2: …", "Kenya  - Level 2: …" → the part before " - Level".</summary>
    private static string CountryPart(string title)
    {
        var i = title.IndexOf(" - Level", StringComparison.OrdinalIgnoreCase);
        var name = i > 0 ? title[..i] : title;
        name = name.Replace("Travel Advisory", "", StringComparison.OrdinalIgnoreCase).Replace("- See Summaries", "", StringComparison.OrdinalIgnoreCase);
        return Html.Squash(name).Trim(' ', '-');
    }

    /// <summary>Areas listed under a "Do Not Travel to:" or "Reconsider Travel to:" heading (a paragraph followed by a list).</summary>
    private static IReadOnlyList<RegionLevel> Regions(IDocument doc)
    {
        var regions = new List<RegionLevel>();
        foreach (var heading in doc.QuerySelectorAll("p, li, h2, h3, h4, strong, b"))
        {
            var t = Html.Squash(heading.TextContent);
            var m = RegionHeading().Match(t);
            if (!m.Success) continue;
            bool doNot = m.Groups[1].Value.StartsWith("do", StringComparison.OrdinalIgnoreCase);
            var container = heading.LocalName is "strong" or "b" ? heading.ParentElement ?? heading : heading;
            var list = container.NextElementSibling;
            if (list is null || list.LocalName is not ("ul" or "ol")) continue;
            foreach (var li in list.Children.Where(c => c.LocalName == "li"))
            {
                var area = Html.Squash(li.TextContent);
                var due = area.IndexOf(" due to", StringComparison.OrdinalIgnoreCase);
                if (due > 0) area = area[..due];
                area = area.Trim(' ', '.', ',', ';', ':');
                if (area.Length == 0 || regions.Any(r => r.Region == area)) continue;
                regions.Add(doNot ? new RegionLevel(area, "Level 4: Do Not Travel", 5) : new RegionLevel(area, "Level 3: Reconsider Travel", 4));
            }
        }
        return regions;
    }

    [GeneratedRegex(@"^(Do not travel|Reconsider travel)\s+to\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RegionHeading();

    [GeneratedRegex(@"Level\s*([1-4])", RegexOptions.IgnoreCase)]
    private static partial Regex LevelNumber();

    [GeneratedRegex(@"Level\s*[1-4]\s*:.*$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleLevel();
}
