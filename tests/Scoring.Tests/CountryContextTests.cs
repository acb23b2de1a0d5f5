using System.IO.Compression;
using Microsoft.ML;
using RiskWatch.Core;
using RiskWatch.Scoring.Models;

namespace RiskWatch.Scoring.Tests;

public class CountryContextTests
{
    private static Dictionary<string, double> Ind(double pv, double ge, double? gdp = null)
    {
        var d = new Dictionary<string, double> { ["PV.EST"] = pv, ["GE.EST"] = ge };
        if (gdp is double g) d["NY.GDP.PCAP.CD"] = g;
        return d;
    }

    private static string Code(int i) => $"{(char)('A' + i / 26)}{(char)('A' + i % 26)}";

    /// <summary>
    /// Texts that say the same at both levels; only the country tells them apart: stable countries (level 1) and
    /// unstable ones (level 5), plus two countries the texts never mention.
    /// </summary>
    private static (List<LabeledText> Texts, Dictionary<string, IReadOnlyDictionary<string, double>> Indicators) Ambiguous()
    {
        var texts = new List<LabeledText>();
        var ind = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        for (int i = 0; i < 60; i++)
        {
            var code = Code(i);
            bool stable = i % 2 == 0;
            ind[code] = stable ? Ind(1.0 + i % 5 * 0.05, 1.2, 45_000) : Ind(-2.0 - i % 5 * 0.05, -1.5, 900);
            texts.Add(new LabeledText($"Travel notice {i}", $"Visitors should follow local news and the advice of the local authorities. Register your trip before you travel. Notice number {i}.",
                "en", stable ? 1 : 5, null, code, "notices"));
        }
        ind["XA"] = Ind(1.1, 1.1, 50_000);
        ind["XB"] = Ind(-2.1, -1.6, 700);
        return (texts, ind);
    }

    [Fact]
    public void Fit_StandardizesOverTrainingRows_UnknownCountryGetsTheMeanAndTheFlag()
    {
        var ind = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["AA"] = Ind(1, 0), ["BB"] = Ind(-1, 2), ["CC"] = new Dictionary<string, double> { ["PV.EST"] = 3 },
        };
        var ctx = CountryContext.Fit(ind, ["AA", "bb", "ZZ"])!;
        int pv = CountryContext.Indicators.ToList().IndexOf("PV.EST"), flag = CountryContext.Count - 1;
        // PV over the rows AA, BB, ZZ (ZZ imputed at the mean 0): population std sqrt(2/3).
        Assert.Equal(1 / Math.Sqrt(2.0 / 3) * CountryContext.Scale, ctx.Features("AA")[pv], 4);
        Assert.Equal(-ctx.Features("AA")[pv], ctx.Features("BB")[pv], 4);
        Assert.Equal(CountryContext.Scale, ctx.Features("AA")[flag]); // GPI, GDP… unknown for AA
        Assert.Equal(0, ctx.Features("ZZ")[pv]);
        Assert.Equal(CountryContext.Scale, ctx.Features("ZZ")[flag]);
        Assert.Equal(0, ctx.Features(null)[pv]);
        // A country outside the training rows is standardized the same way (CC: 3 → (3-0)/std).
        Assert.Equal(3 / Math.Sqrt(2.0 / 3) * CountryContext.Scale, ctx.Features("cc")[pv], 4);
    }

    [Fact]
    public void Fit_NoTrainingRowHasIndicators_IsTextOnly()
    {
        Assert.Null(CountryContext.Fit(null, ["AA"]));
        Assert.Null(CountryContext.Fit(new Dictionary<string, IReadOnlyDictionary<string, double>> { ["AA"] = Ind(1, 1) }, ["BB", null]));
    }

    [Fact]
    public void SeverityHead_SameWordsDifferentCountries_JudgesByTheCountry()
    {
        var (texts, ind) = Ambiguous();
        var rows = TextModels.SeverityRows(texts, 12_000, mask: true);
        var head = TextHead.Fit(TextLearner.SeverityLinear, rows, ind);
        Assert.Equal(62, head.ContextCountries);
        var probe = new LabeledText("Travel notice", "Visitors should follow local news and the advice of the local authorities. Register your trip before you travel.", "en", null, null, "XA", "notices");
        Assert.Equal("1", head.PredictOne(TextModels.Row(probe, 12_000, true)).Label);
        Assert.Equal("5", head.PredictOne(TextModels.Row(probe with { GroupKey = "XB" }, 12_000, true)).Label);

        // Without indicators the same head cannot tell them apart: one answer for both.
        var textOnly = TextHead.Fit(TextLearner.SeverityLinear, rows);
        Assert.Equal(0, textOnly.ContextCountries);
        Assert.Equal(textOnly.PredictOne(TextModels.Row(probe, 12_000, true)).Label, textOnly.PredictOne(TextModels.Row(probe with { GroupKey = "XB" }, 12_000, true)).Label);
    }

    [Fact]
    public void SeverityHead_PublisherWithEnoughTexts_GetsItsOwnHead_AndBothSurviveSaveAndLoad()
    {
        var data = Some.Advisories(perLevel: 15).Concat(Some.Advisories(perLevel: 3).Select(a => a with { Source = "small" })).ToList();
        var (_, ind) = Ambiguous();
        var rows = TextModels.SeverityRows(data, 12_000, mask: true);
        var head = TextHead.Fit(TextLearner.SeverityLinear, rows, ind);
        Assert.Equal(["test"], head.Publishers); // "small" has 12 texts, fewer than MinPublisherTexts
        var withSource = head.Predict(rows);
        var global = head.Predict(rows.Select(r => new TextRow { Text = r.Text, Lead = r.Lead, Dense = r.Dense, Country = r.Country }).ToList());
        Assert.Contains(Enumerable.Range(0, rows.Count), i => rows[i].Source == "test" && Math.Abs(withSource[i].Probabilities[0] - global[i].Probabilities[0]) > 1e-6);
        Assert.All(Enumerable.Range(0, rows.Count).Where(i => rows[i].Source == "small"), i => Assert.Equal(global[i].Probabilities, withSource[i].Probabilities));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true)) head.Save(zip, "severity");
        buffer.Position = 0;
        using var read = new ZipArchive(buffer, ZipArchiveMode.Read);
        var loaded = TextHead.Load(new MLContext(seed: 1), read, "severity");
        Assert.Equal(head.Publishers, loaded.Publishers);
        Assert.Equal(head.ContextCountries, loaded.ContextCountries);
        var again = loaded.Predict(rows);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(withSource[i].Probabilities, again[i].Probabilities);
    }

    [Fact]
    public void Load_FeaturizerFileOfTheEarlierFormat_LoadsTextOnly()
    {
        var rows = TextModels.SeverityRows(Some.Advisories(), 12_000, mask: true);
        foreach (var r in rows) r.Source = null;
        var head = TextHead.Fit(TextLearner.SeverityLinear, rows);
        using var saved = new MemoryStream();
        using (var zip = new ZipArchive(saved, ZipArchiveMode.Create, leaveOpen: true)) head.Save(zip, "severity");

        // The "RWN1" layout: the same featurizers, no country-context flag and no publisher count after them.
        saved.Position = 0;
        using var old = new MemoryStream();
        using (var from = new ZipArchive(saved, ZipArchiveMode.Read, leaveOpen: true))
        using (var to = new ZipArchive(old, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in from.Entries)
            {
                using var src = entry.Open();
                using var ms = new MemoryStream();
                src.CopyTo(ms);
                var bytes = ms.ToArray();
                if (entry.Name == "severity.ngrams")
                {
                    Assert.Equal(0x52574e32, BitConverter.ToInt32(bytes, 0));
                    bytes = bytes[..^5]; // bool (no context) + int (0 publishers)
                    BitConverter.GetBytes(0x52574e31).CopyTo(bytes, 0);
                }
                using var dst = to.CreateEntry(entry.Name).Open();
                dst.Write(bytes);
            }
        old.Position = 0;
        using var read = new ZipArchive(old, ZipArchiveMode.Read);
        var loaded = TextHead.Load(new MLContext(seed: 1), read, "severity");
        Assert.Equal(0, loaded.ContextCountries);
        Assert.Empty(loaded.Publishers);
        var expected = head.Predict(rows);
        var actual = loaded.Predict(rows);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(expected[i].Probabilities, actual[i].Probabilities);
    }

    [Fact]
    public void TrainedModel_ClassifierUsesTheItemsCountry()
    {
        var dir = Some.TempDir();
        try
        {
            var (texts, ind) = Ambiguous();
            var log = new StringWriter();
            new ItemClassifierTrainer { Folds = 3, MinContent = 40, SeedTexts = Some.SmallSeed }.Train(texts, dir, log, ind);
            Assert.Contains("country context: indicators for 62 countries; 60 of 60 texts", log.ToString(), StringComparison.Ordinal);
            var classifier = ClassifierFixture.New(dir);
            const string title = "Travel notice", text = "Visitors should follow local news and the advice of the local authorities. Register your trip before you travel.";
            var r = classifier.Classify([new ClassifierInput(title, text, "en", ["XA"]), new ClassifierInput(title, text, "en", ["xb"], "notices"), new ClassifierInput(title, text, "en")]);
            Assert.Equal(1, r[0].Severity);
            Assert.Equal(5, r[1].Severity);
            Assert.InRange(r[2].Severity, 1, 5); // no country: text only, still an answer
        }
        finally { Directory.Delete(dir, true); }
    }
}
