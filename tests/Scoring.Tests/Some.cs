using RiskWatch.Core;
using RiskWatch.Scoring;

namespace RiskWatch.Scoring.Tests;

/// <summary>Test data: small official-style advisories written for these tests, in the shape the sources give them.</summary>
internal static class Some
{
    private static readonly string[] Countries = ["AA", "AB", "AC", "AD", "AE", "AF", "AG", "AH", "AI", "AJ", "AK", "AL", "AM", "AN", "AO", "AP"];

    private static readonly Dictionary<int, string[]> Situations = new()
    {
        [1] = ["The country is generally safe for visitors. Petty theft occurs in tourist areas now and then. Public services work normally and emergency help is available across the country.",
               "Most visits are trouble-free. Keep your belongings safe in crowded markets. Roads are in good condition and hospitals are well equipped in the main cities."],
        [2] = ["Crime is common in cities, including robbery and car theft. Terrorist groups may attack tourist locations with little warning. Demonstrations occur and can turn violent.",
               "Violent crime such as armed robbery happens in some neighbourhoods after dark. There is a threat of terrorism. Local police may lack the resources to respond to serious incidents."],
        [4] = ["Violent crime, kidnapping and civil unrest are widespread. Armed groups operate in several provinces. Emergency services are limited and the embassy has limited ability to help citizens outside the capital.",
               "Terrorist attacks and kidnappings of foreigners have occurred in the last months. Protests often turn violent and curfews are imposed at short notice. Medical care is limited."],
        [5] = ["Armed conflict continues and airstrikes hit cities. The embassy has suspended operations and cannot provide emergency services. Hostage taking, terrorism and landmines pose a risk of death.",
               "War has broken out and the airport is closed. Terrorist groups and militias control large areas and kidnap foreigners. Leave the country now if it is safe to do so."],
    };

    private static readonly Dictionary<int, string> Labels = new() { [1] = "Level 1: Exercise Normal Precautions", [2] = "Level 2: Exercise Increased Caution", [4] = "Level 3: Reconsider Travel", [5] = "Level 4: Do Not Travel" };

    /// <summary>Official-style texts, several per level, each country on one level, the level printed in title and text (as the sources do).</summary>
    public static List<LabeledText> Advisories(int perLevel = 8)
    {
        var list = new List<LabeledText>();
        int c = 0;
        foreach (var (level, texts) in Situations)
            for (int i = 0; i < perLevel; i++)
            {
                var country = Countries[c++ % Countries.Length] + i;
                var label = Labels[level];
                list.Add(new LabeledText($"Country {country} - {label}", $"{label.Split(": ")[1]} in Country {country}. {texts[i % texts.Length]} Visit number {i}.", "en", level, null, country, "test"));
            }
        return list;
    }

    /// <summary>Every 12th seed text: all categories, a fraction of the training time.</summary>
    public static IReadOnlyList<LabeledText> SmallSeed { get; } = SeedCorpus.Load().Where((_, i) => i % 12 == 0).ToList();

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rw-scoring-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static ClassifierInput En(string title, string text) => new(title, text, "en");
}
