using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskWatch.Core;
using RiskWatch.Search.Elasticsearch;
using RiskWatch.Search.Lucene;

namespace RiskWatch.Search.Tests;

public sealed class AddSearchTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSearch(config).BuildServiceProvider();
    }

    [Fact]
    public async Task AddSearch_Default_IsLuceneInTheDataFolder()
    {
        using var data = new TempFolder();
        await using (var sp = Build(new() { [RiskWatchPaths.DataDirectoryKey] = data.Path }))
        {
            var index = Assert.IsType<LuceneRiskIndex>(sp.GetRequiredService<IRiskIndex>());
            Assert.Same(index, sp.GetRequiredService<IRiskIndex>());
            Assert.Equal(Path.Combine(data.Path, "index"), index.Path);
            Assert.Equal(ChineseAnalysis.Bigram, index.ChineseAnalysis);
        }
        // Disposing the container closed the writer: the folder opens again.
        using var again = new LuceneRiskIndex(Path.Combine(data.Path, "index"));
    }

    [Fact]
    public void AddSearch_ElasticsearchProvider_IsTheElasticsearchIndex()
    {
        using var sp = Build(new()
        {
            ["RiskWatch:Index:Provider"] = "Elasticsearch",
            ["RiskWatch:Index:Elasticsearch:Url"] = "http://127.0.0.1:9",
            ["RiskWatch:Index:Elasticsearch:ApiKey"] = "abc",
        });
        var index = Assert.IsType<ElasticsearchRiskIndex>(sp.GetRequiredService<IRiskIndex>());
        Assert.Equal("riskwatch-items", index.Alias);
    }

    [Theory]
    [InlineData("Solr", null, "Provider must be Lucene or Elasticsearch")]
    [InlineData("Elasticsearch", null, "Elasticsearch:Url must be an absolute URL")]
    [InlineData("Elasticsearch", "not a url", "Elasticsearch:Url must be an absolute URL")]
    public void AddSearch_BadConfiguration_FailsValidationNamingTheKey(string provider, string? url, string message)
    {
        using var sp = Build(new() { ["RiskWatch:Index:Provider"] = provider, ["RiskWatch:Index:Elasticsearch:Url"] = url });
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<SearchOptions>>().Value);
        Assert.Contains(message, e.Message);
    }
}
