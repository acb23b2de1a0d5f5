using RiskWatch.Core.Countries;
using RiskWatch.Scoring.Country;

namespace RiskWatch.Scoring.Tests;

public sealed class CountryModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rw-country-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// 120 real country codes; a hidden risk r in [0, 7] drives every indicator (with noise), the label is r rounded,
    /// a quarter of the low-risk countries are "unclassified" as the OECD table leaves rich members.
    /// </summary>
    private static (Dictionary<string, IReadOnlyDictionary<string, double>> Indicators, Dictionary<string, int?> Labels) Synthetic()
    {
        var rng = new Random(7);
        var indicators = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        var labels = new Dictionary<string, int?>();
        foreach (var c in CountryTable.All.Take(120))
        {
            double r = rng.NextDouble() * 7;
            double N(double sd) => (rng.NextDouble() - 0.5) * 2 * sd;
            indicators[c.Iso2] = new Dictionary<string, double>
            {
                ["PV.EST"] = 2 - r * 0.6 + N(0.4), ["RL.EST"] = 2 - r * 0.5 + N(0.5), ["GE.EST"] = 2 - r * 0.5 + N(0.6),
                ["NY.GDP.PCAP.CD"] = Math.Pow(10, 4.8 - r * 0.3 + N(0.3)), ["IEP.GPI"] = 1.2 + r * 0.3 + N(0.3),
            };
            labels[c.Iso2] = r < 1 && rng.Next(4) == 0 ? null : (int)Math.Round(r);
        }
        return (indicators, labels);
    }

    [Fact]
    public void Train_ReportsSpearmanOnHeldOutCountries_SavesAModelThatExplainsItself()
    {
        var (indicators, labels) = Synthetic();
        var log = new StringWriter();
        var result = CountryRiskModelTrainer.Train(indicators, labels, _dir, log);

        Assert.Equal(120, result.Countries);
        Assert.True(result.SpearmanLearned > 0.8, log.ToString());
        Assert.Contains("Spearman learned", log.ToString());
        Assert.True(File.Exists(Path.Combine(_dir, "country", "metrics.json")));

        var model = CountryRiskModel.Load(result.ModelPath);
        Assert.Equal(result.Version, model.Version);
        var risky = new Dictionary<string, double> { ["PV.EST"] = -2.2, ["RL.EST"] = -1.5, ["GE.EST"] = -1.6, ["NY.GDP.PCAP.CD"] = 600, ["IEP.GPI"] = 3.2 };
        var safe = new Dictionary<string, double> { ["PV.EST"] = 1.4, ["RL.EST"] = 1.6, ["GE.EST"] = 1.5, ["NY.GDP.PCAP.CD"] = 55000, ["IEP.GPI"] = 1.3 };
        Assert.True(model.Predict(risky) > model.Predict(safe) + 3);
        Assert.Null(model.Predict(new Dictionary<string, double> { ["PV.EST"] = 0 })); // fewer than three indicators known

        // Explanations: the risky country's indicators push its class up; the safe one's push it down.
        var up = model.Contributions(risky);
        Assert.Equal(5, up.Count);
        Assert.True(up.Sum(c => c.Delta) > 0);
        Assert.True(model.Contributions(safe).Sum(c => c.Delta) < 0);
    }

    [Fact]
    public void TrainedTable_FillsIndicatorsTheProductDoesNotCollect_CollectedValuesWin()
    {
        var (indicators, labels) = Synthetic();
        var result = CountryRiskModelTrainer.Train(indicators, labels, _dir, TextWriter.Null);
        var model = CountryRiskModel.Load(result.ModelPath);
        var country = indicators.Keys.First();
        var merged = model.Merge(country, new Dictionary<string, double> { ["PV.EST"] = 9 });
        Assert.Equal(9, merged["PV.EST"]);
        Assert.Equal(indicators[country]["IEP.GPI"], merged["IEP.GPI"], 3);
        Assert.Empty(model.Merge("ZZ", new Dictionary<string, double>()));
    }

    [Fact]
    public void Train_TooFewLabelledCountries_SaysSo()
    {
        var (indicators, labels) = Synthetic();
        var few = labels.Take(10).ToDictionary(kv => kv.Key, kv => kv.Value);
        var ex = Assert.Throws<InvalidOperationException>(() => CountryRiskModelTrainer.Train(indicators, few, _dir, TextWriter.Null));
        Assert.Contains("only 10 countries", ex.Message);
    }

    [Fact]
    public void Load_NotAModel_IsInvalidData()
    {
        var path = Path.Combine(_dir, "model.zip");
        File.WriteAllText(path, "not a zip");
        Assert.Throws<InvalidDataException>(() => CountryRiskModel.Load(path));
    }

    [Theory]
    [InlineData("iep_GPI.csv", "rank,country,score", CountryTables.Kind.PeaceIndex)]
    [InlineData("oecd.csv", "\uFEFFCountry Name (1),ISO,country name,01-Jan-99,11-Mar-22", CountryTables.Kind.RiskClasses)]
    [InlineData("gdp.csv", "Country Name,Country Code,Indicator Name,Indicator Code,1960", CountryTables.Kind.None)]
    [InlineData("empty.csv", "", CountryTables.Kind.None)]
    public void Recognize_ByHeader(string name, string header, CountryTables.Kind kind) => Assert.Equal(kind, CountryTables.Recognize(name, header));

    [Theory]
    [InlineData("iep_GPI.csv", "IEP.GPI")]
    [InlineData("GTI-2025.csv", "IEP.GTI")]
    [InlineData("ppi.csv", "IEP.PPI")]
    [InlineData("peace.csv", null)]
    [InlineData("GPIX.csv", null)]
    public void PeaceIndexCode_FromTheFileName(string name, string? code) => Assert.Equal(code, CountryTables.PeaceIndexCode(name));

    [Fact]
    public void ReadPeaceIndex_ResolvesNames_ListsUnknownOnes_SkipsBadScores()
    {
        var unknown = new List<string>();
        var rows = CountryTables.ReadPeaceIndex("rank,country,score\n1,Iceland,1.095\n2,Atlantis,1.3\n3,Mali,n/a\n4,\"Korea, Republic of\",1.9\n", "IEP.GPI", unknown);
        Assert.Contains(("IS", "IEP.GPI", 0, 1.095), rows);
        Assert.Equal(["Atlantis"], unknown);
        Assert.DoesNotContain(rows, r => r.Country == "ML");
    }

    [Fact]
    public void SharedCaptures_LearnedModelRanksCountriesLikeTheOecdClasses()
    {
        var tables = Path.Combine(Shared.Sources ?? "", "country-risk-tables");
        if (!Directory.Exists(tables)) { Console.WriteLine("SharedCaptures test: ../shared/reference/sources is absent here; nothing to check"); return; }
        var obs = CountryIndicatorsExtensions.ReadWgiCsv(Path.Combine(Shared.Sources!, "worldbank", "WGIData_estimates-only_1996-2022.csv")).ToList();
        foreach (var code in new[] { "GPI", "GTI", "PPI" })
        {
            var file = Path.Combine(tables, $"iep_{code}.csv");
            obs.AddRange(CountryTables.ReadPeaceIndex(File.ReadAllText(file), CountryTables.PeaceIndexCode(file)!, []));
        }
        var indicators = obs.GroupBy(o => o.Country).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, double>)g.GroupBy(o => o.Indicator).ToDictionary(x => x.Key, x => x.MaxBy(o => o.Year).Value));
        var labels = CountryRiskModel.ReadOecdTable(Path.Combine(tables, "oecd_cre-crc-historical_1999-2022.csv"));
        var result = CountryRiskModelTrainer.Train(indicators, labels, _dir, TextWriter.Null);
        // Without GDP per capita (a separate bulk file read by the World Bank collector) the figure is a little lower than
        // the `train` verb's; it must still beat the transparent formula's ordering by a margin.
        Assert.True(result.Countries > 180);
        Assert.True(result.SpearmanLearned > 0.8, $"learned {result.SpearmanLearned}, formula {result.SpearmanFormula}");
    }
}

/// <summary>The shared real captures (../shared/reference/sources beside the repository root), when present.</summary>
internal static class Shared
{
    public static string? Sources
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RiskWatch.sln"))) dir = dir.Parent;
            var path = dir?.Parent is null ? null : Path.Combine(dir.Parent.FullName, "shared", "reference", "sources");
            return path is not null && Directory.Exists(path) ? path : null;
        }
    }
}
