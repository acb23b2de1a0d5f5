using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using RiskWatch.Core;
using RiskWatch.Search.Elasticsearch;
using Xunit.Abstractions;

namespace RiskWatch.Search.Tests;

/// <summary>The JSON RiskWatch sends to Elasticsearch and how it reads the answers, on the client's in-memory transport.</summary>
public sealed class ElasticsearchRiskIndexTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly FakeCluster _cluster = new();

    private ElasticsearchRiskIndex Index() => new(_cluster.Options, _cluster.Settings());

    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    private static void SameJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(J(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    private FakeCluster.Call Single(string method, string pathStart) =>
        Assert.Single(_cluster.Calls, c => c.Method == method && c.Path.StartsWith(pathStart, StringComparison.Ordinal));

    private void Answer(string method, string pathStart, int status, string body)
    {
        var previous = _cluster.Answer;
        _cluster.Answer = (m, p) => m == method && p.StartsWith(pathStart, StringComparison.Ordinal) ? (status, body) : previous(m, p);
    }

    [Fact]
    public async Task Setup_ClusterWithoutSmartcn_PutsBigramTemplateAndAVersionedIndexBehindTheWriteAlias()
    {
        Answer("GET", "/rw-items/_count", 200, """{"count":7}""");
        var index = Index();
        Assert.Equal(7, await index.CountAsync(Ct));

        Assert.Equal(["GET /_cat/plugins", "PUT /_index_template/rw-items", "GET /_alias/rw-items", "PUT /rw-items-v1", "GET /rw-items/_count"],
            _cluster.Calls.Select(c => $"{c.Method} {c.Path.Split('?')[0]}"));
        Assert.Equal("cjk", index.ChineseAnalyzer);
        var template = Single("PUT", "/_index_template/").Json!;
        SameJson("""["rw-items-v*"]""", template["index_patterns"]);
        var analysis = template["template"]!["settings"]!["analysis"]!;
        SameJson("""{"type":"custom","tokenizer":"standard","filter":["cjk_width","lowercase","rw_cjk_bigram_unigrams","rw_english_stop","porter_stem"]}""",
            analysis["analyzer"]!["rw_zh"]);
        SameJson("""{"type":"custom","tokenizer":"standard","filter":["cjk_width","lowercase","cjk_bigram","rw_english_stop","porter_stem"]}""",
            analysis["analyzer"]!["rw_zh_search"]);
        SameJson("""{"type":"cjk_bigram","output_unigrams":true}""", analysis["filter"]!["rw_cjk_bigram_unigrams"]);
        var props = template["template"]!["mappings"]!["properties"]!;
        SameJson("""{"type":"text","analyzer":"rw_zh","search_analyzer":"rw_zh_search"}""", props["text_zh"]);
        SameJson("""{"type":"text","analyzer":"rw_en"}""", props["title_en"]);
        SameJson("""{"type":"keyword","normalizer":"rw_upper"}""", props["country"]);
        SameJson("""{"type":"integer"}""", props["level"]);
        SameJson("""{"type":"object","enabled":false}""", props["item"]);
        Assert.Equal("strict", template["template"]!["mappings"]!["dynamic"]!.ToString());
        SameJson("""{"aliases":{"rw-items":{"is_write_index":true}}}""", Single("PUT", "/rw-items-v1").Json);

        await index.CountAsync(Ct);
        Assert.Single(_cluster.Calls, c => c.Path.StartsWith("/_cat/plugins"));
    }

    [Fact]
    public async Task Setup_ClusterWithSmartcnPlugin_UsesTheSmartcnTokenizer()
    {
        Answer("GET", "/_cat/plugins", 200, """[{"component":"analysis-smartcn"},{"component":"analysis-icu"}]""");
        var index = Index();
        await index.CountAsync(Ct);
        Assert.Equal("smartcn", index.ChineseAnalyzer);
        SameJson("""{"type":"custom","tokenizer":"smartcn_tokenizer","filter":["lowercase","rw_english_stop","porter_stem"]}""",
            Single("PUT", "/_index_template/").Json!["template"]!["settings"]!["analysis"]!["analyzer"]!["rw_zh"]);
    }

    [Fact]
    public async Task Setup_AliasAlreadyThere_CreatesNoIndex()
    {
        Answer("GET", "/_alias/rw-items", 200, """{"rw-items-v1":{"aliases":{"rw-items":{"is_write_index":true}}}}""");
        await Index().CountAsync(Ct);
        Assert.DoesNotContain(_cluster.Calls, c => c.Method == "PUT" && c.Path.StartsWith("/rw-items-v"));
    }

    [Fact]
    public async Task Upsert_SendsOneBulkWithIdsAndWaitsForRefresh()
    {
        await Index().UpsertAsync([Some.Zh1, Some.En4], Ct);
        var bulk = Single("POST", "/rw-items/_bulk");
        Assert.Equal("/rw-items/_bulk?refresh=wait_for", bulk.Path);
        var lines = bulk.Lines;
        Assert.Equal(4, lines.Count);
        SameJson("""{"index":{"_id":"zh1"}}""", lines[0]);
        var doc = lines[1];
        Assert.Equal("巴黎发生恐怖袭击", doc["title_zh"]!.ToString());
        Assert.Null(doc["title_en"]);
        SameJson("""["FR"]""", doc["country"]);
        Assert.Equal("terrorism", doc["category"]!.ToString());
        Assert.Equal(4, doc["level"]!.GetValue<int>());
        Assert.Equal(Some.Zh1.Published.ToUnixTimeMilliseconds(), doc["published"]!.GetValue<long>());
        Assert.Equal("zh", doc["lang"]!.ToString());
        Assert.Equal("zh1", doc["item"]!["Id"]!.ToString());
        SameJson("""["IR","US"]""", lines[3]["country"]);
        Assert.Equal("sanctions", lines[3]["category"]!.ToString());
    }

    [Fact]
    public async Task Upsert_PartialBulkFailure_RetriesOnlyRetryableItemsAndReportsTheRest()
    {
        int bulks = 0;
        var previous = _cluster.Answer;
        _cluster.Answer = (m, p) => !p.StartsWith("/rw-items/_bulk") ? previous(m, p) : ++bulks == 1
            ? (200, """
              {"took":3,"errors":true,"items":[
                {"index":{"_index":"rw-items-v1","_id":"zh1","status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}},
                {"index":{"_index":"rw-items-v1","_id":"en1","status":400,"error":{"type":"document_parsing_exception","reason":"failed to parse field [level]"}}},
                {"index":{"_index":"rw-items-v1","_id":"en2","status":201,"result":"created"}}]}
              """)
            : (200, """{"took":1,"errors":false,"items":[{"index":{"_id":"zh1","status":200,"result":"updated"}}]}""");

        var e = await Assert.ThrowsAsync<IndexUnavailableException>(() => Index().UpsertAsync([Some.Zh1, Some.En1, Some.En2], Ct));

        Assert.Equal(2, bulks);
        var second = _cluster.Calls.Where(c => c.Path.StartsWith("/rw-items/_bulk")).Last().Lines;
        Assert.Equal(2, second.Count);
        SameJson("""{"index":{"_id":"zh1"}}""", second[0]);
        Assert.Contains("1 of 3", e.Message);
        Assert.Contains("en1", e.Message);
        Assert.Contains("document_parsing_exception", e.Message);
    }

    [Fact]
    public async Task Upsert_RetryableFailureThatPersists_GivesUpAfterTheConfiguredRetries()
    {
        Answer("POST", "/rw-items/_bulk", 503, """{"error":{"root_cause":[{"type":"unavailable_shards_exception","reason":"primary shard is not active"}]},"status":503}""");
        var e = await Assert.ThrowsAsync<IndexUnavailableException>(() => Index().UpsertAsync([Some.En1], Ct));
        Assert.Equal(1 + _cluster.Options.BulkRetries, _cluster.Calls.Count(c => c.Path.StartsWith("/rw-items/_bulk")));
        Assert.Contains("primary shard is not active", e.Message);
    }

    [Fact]
    public async Task Search_WithTextFiltersAndAggregations_SendsTheExpectedRequest()
    {
        Answer("POST", "/rw-items/_search", 200, """{"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}""");
        var from = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await Index().SearchAsync(new SearchQuery
        {
            Text = "恐怖袭击 OR title:attack",
            Countries = ["fr", "BD"],
            Categories = [RiskCategory.TerrorismSecurity],
            MinLevel = 3,
            MaxLevel = 5,
            Sources = ["china-mfa"],
            From = from,
            To = from.AddDays(7),
            Language = "zh-CN",
            Sort = SearchSort.Severity,
            Size = 10,
            HistogramInterval = "week",
        }, Ct);

        var body = Single("POST", "/rw-items/_search").Json!;
        SameJson("""
        {
          "size": 11,
          "track_total_hits": true,
          "_source": ["item"],
          "query": {"bool": {
            "must": [{"query_string": {"query": "\"恐怖袭击\" OR title_\\*:attack", "fields": ["title_zh","text_zh","title_en","text_en"],
                                       "default_operator": "AND", "allow_leading_wildcard": false}}],
            "filter": [
              {"terms": {"country": ["FR","BD"]}},
              {"terms": {"category": ["terrorism"]}},
              {"terms": {"source": ["china-mfa"]}},
              {"terms": {"lang": ["zh"]}},
              {"range": {"level": {"gte": 3, "lte": 5}}},
              {"range": {"published": {"format": "epoch_millis", "gte": @0@, "lte": @1@}}}
            ]}},
          "sort": [{"level": {"order": "desc"}}, {"published": {"order": "desc"}}, {"id": {"order": "asc"}}],
          "aggs": {
            "country": {"terms": {"field": "country", "size": 300}},
            "category": {"terms": {"field": "category", "size": 50}},
            "level": {"terms": {"field": "level", "size": 10}},
            "source": {"terms": {"field": "source", "size": 500}},
            "histogram": {"date_histogram": {"field": "published", "calendar_interval": "week", "min_doc_count": 0, "time_zone": "UTC"}}
          },
          "highlight": {"pre_tags": ["\u0001"], "post_tags": ["\u0002"], "require_field_match": true, "fields": {
            "title_zh": {"number_of_fragments": 0}, "title_en": {"number_of_fragments": 0},
            "text_zh": {"fragment_size": 160, "number_of_fragments": 2}, "text_en": {"fragment_size": 160, "number_of_fragments": 2}}}
        }
        """.Fill(from.ToUnixTimeMilliseconds(), from.AddDays(7).ToUnixTimeMilliseconds()), body);
    }

    [Fact]
    public async Task Search_EmptyTextNoFacets_MatchesAllWithoutAggregations()
    {
        Answer("POST", "/rw-items/_search", 200, """{"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}""");
        await Index().SearchAsync(new SearchQuery { IncludeFacets = false }, Ct);
        var body = Single("POST", "/rw-items/_search").Json!;
        SameJson("""{"bool":{"must":[{"match_all":{}}],"filter":[]}}""", body["query"]);
        Assert.Null(body["aggs"]);
        Assert.Null(body["highlight"]);
        SameJson("""[{"_score":{"order":"desc"}},{"id":{"order":"asc"}}]""", body["sort"]);
    }

    [Fact]
    public async Task Search_Answer_IsReadIntoHitsFacetsHistogramHighlightsAndACursor()
    {
        var en1 = System.Text.Json.JsonSerializer.Serialize(Some.En1);
        var en4 = System.Text.Json.JsonSerializer.Serialize(Some.En4);
        var zh1 = System.Text.Json.JsonSerializer.Serialize(Some.Zh1);
        var ms1 = Some.En1.Published.ToUnixTimeMilliseconds();
        var ms4 = Some.En4.Published.ToUnixTimeMilliseconds();
        Answer("POST", "/rw-items/_search", 200, """
        {"took":2,"hits":{"total":{"value":42,"relation":"eq"},"hits":[
          {"_id":"en1","_score":null,"_source":{"item":@0@},"sort":[5,@1@,"en1"],
           "highlight":{"title_en":["\u0001Attack\u0002 on embassy <in> Kabul & co"],"text_en":["Gunmen \u0001attacked\u0002 the embassy","the \u0001attack\u0002."]}},
          {"_id":"en4","_score":null,"_source":{"item":@2@},"sort":[3,@3@,"en4"]},
          {"_id":"zh1","_score":null,"_source":{"item":@4@},"sort":[4,1,"zh1"]}]},
         "aggregations":{
          "country":{"buckets":[{"key":"FR","doc_count":20},{"key":"IR","doc_count":3}]},
          "category":{"buckets":[{"key":"terrorism","doc_count":30}]},
          "level":{"buckets":[{"key":3,"doc_count":12},{"key":5,"doc_count":2}]},
          "source":{"buckets":[{"key":"ofac","doc_count":9}]},
          "histogram":{"buckets":[{"key_as_string":"2026-11-02T00:00:00.000Z","key":@5@,"doc_count":5},
                                  {"key":@6@,"doc_count":0}]}}}
        """.Fill(en1, ms1, en4, ms4, zh1, Some.Base.ToUnixTimeMilliseconds(), Some.Base.AddDays(7).ToUnixTimeMilliseconds()));
        var index = Index();
        var query = new SearchQuery { Text = "attack", Sort = SearchSort.Severity, Size = 2, HistogramInterval = "week" };
        var r = await index.SearchAsync(query, Ct);

        Assert.Equal(42, r.Total);
        Assert.Equal(["en1", "en4"], r.Hits.Select(h => h.Item.Id));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Some.En4), System.Text.Json.JsonSerializer.Serialize(r.Hits[1].Item));
        Assert.Equal("<mark>Attack</mark> on embassy &lt;in&gt; Kabul &amp; co", r.Hits[0].TitleHighlight);
        Assert.Equal("Gunmen <mark>attacked</mark> the embassy … the <mark>attack</mark>.", r.Hits[0].TextHighlight);
        Assert.Null(r.Hits[1].TitleHighlight);
        Assert.Equal(20, r.Facets["country"]["FR"]);
        Assert.Equal(12, r.Facets["level"]["3"]);
        Assert.Equal(9, r.Facets["source"]["ofac"]);
        Assert.Equal([new HistogramBucket(Some.Base, 5), new HistogramBucket(Some.Base.AddDays(7), 0)], r.Histogram);
        Assert.NotNull(r.Next);

        await index.SearchAsync(query with { Cursor = r.Next }, Ct);
        var second = _cluster.Calls.Where(c => c.Path.StartsWith("/rw-items/_search")).Last().Json!;
        SameJson("""[3, @0@, "en4"]""".Fill(ms4), second["search_after"]);
    }

    [Fact]
    public async Task Search_ClusterRejectsTheQuery_IsAQuerySyntaxErrorWithTheReason()
    {
        Answer("POST", "/rw-items/_search", 400, """
        {"error":{"root_cause":[{"type":"query_shard_exception","reason":"Failed to parse query [a AND]"}],"type":"search_phase_execution_exception",
          "reason":"all shards failed"},"status":400}
        """);
        var e = await Assert.ThrowsAsync<QuerySyntaxException>(() => Index().SearchAsync(new SearchQuery { Text = "flood" }, Ct));
        Assert.Contains("Failed to parse query", e.Message);
    }

    [Fact]
    public async Task Search_UnparsableText_IsRejectedBeforeAnyRequest()
    {
        await Assert.ThrowsAsync<QuerySyntaxException>(() => Index().SearchAsync(new SearchQuery { Text = "title:(\"unclosed" }, Ct));
        Assert.Empty(_cluster.Calls);
    }

    [Fact]
    public async Task ErrorResponse_ServerError_IsIndexUnavailableWithTheReason()
    {
        Answer("GET", "/rw-items/_count", 500, """{"error":{"root_cause":[{"type":"illegal_state_exception","reason":"node is shutting down"}]},"status":500}""");
        var e = await Assert.ThrowsAsync<IndexUnavailableException>(() => Index().CountAsync(Ct));
        Assert.Contains("node is shutting down", e.Message);
    }

    [Fact]
    public async Task GetMany_ReadsFoundDocumentsOnly()
    {
        var zh1 = System.Text.Json.JsonSerializer.Serialize(Some.Zh1);
        Answer("POST", "/rw-items/_mget", 200, """{"docs":[{"_id":"zh1","found":true,"_source":{"item":@0@}},{"_id":"nope","found":false}]}""".Fill(zh1));
        var many = await Index().GetManyAsync(["zh1", "nope"], Ct);
        Assert.Equal(["zh1"], many.Keys);
        Assert.Equal(zh1, System.Text.Json.JsonSerializer.Serialize(many["zh1"]));
        SameJson("""{"ids":["zh1","nope"]}""", Single("POST", "/rw-items/_mget").Json);
    }

    [Fact]
    public async Task DeleteOlderThan_SendsARangeDeleteAndReturnsTheCount()
    {
        Answer("POST", "/rw-items/_delete_by_query", 200, """{"took":5,"deleted":17}""");
        Assert.Equal(17, await Index().DeleteOlderThanAsync(Some.Base, Ct));
        SameJson("""{"query":{"range":{"published":{"lt":@0@,"format":"epoch_millis"}}}}""".Fill(Some.Base.ToUnixTimeMilliseconds()),
            Single("POST", "/rw-items/_delete_by_query").Json);
    }

    [Fact]
    public async Task UnreachableCluster_IsIndexUnavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var index = new ElasticsearchRiskIndex(new ElasticsearchIndexOptions { Url = $"http://127.0.0.1:{port}", TimeoutSeconds = 5 });
        var e = await Assert.ThrowsAsync<IndexUnavailableException>(() => index.CountAsync(Ct));
        Assert.Contains("cannot be reached", e.Message);
    }

    [Theory]
    [InlineData("恐怖袭击", "\"恐怖袭击\"")]
    [InlineData("恐怖袭击 -演习", "\"恐怖袭击\" -\"演习\"")]
    [InlineData("\"恐怖 袭击\" 巴黎", "\"恐怖 袭击\" \"巴黎\"")]
    [InlineData("title:恐怖袭击 AND country:FR", "title_\\*:\"恐怖袭击\" AND country:FR")]
    [InlineData("恐怖* 火", "恐怖* 火")]
    [InlineData("Paris2026恐怖", "Paris2026 \"恐怖\"")]
    [InlineData("subtitle:x \"title:y\"", "subtitle:x \"title:y\"")]
    public void QueryText_QuotesChineseRunsAndMapsFieldNames(string input, string expected) =>
        Assert.Equal(expected, QueryText.ForQueryString(input));
}

/// <summary>The contract suite against a real cluster: runs when RISKWATCH_ES_URL is set (e.g. http://localhost:9200).</summary>
public sealed class ElasticsearchContractTests(ITestOutputHelper output) : RiskIndexContract(output)
{
    protected override async Task<IRiskIndex?> OpenAsync()
    {
        var url = Environment.GetEnvironmentVariable("RISKWATCH_ES_URL");
        if (string.IsNullOrWhiteSpace(url))
        {
            UnavailableReason = "RISKWATCH_ES_URL is not set; set it (and RISKWATCH_ES_APIKEY or RISKWATCH_ES_USER/RISKWATCH_ES_PASSWORD) to run the contract on Elasticsearch.";
            return null;
        }
        var index = new ElasticsearchRiskIndex(new ElasticsearchIndexOptions
        {
            Url = url,
            ApiKey = Environment.GetEnvironmentVariable("RISKWATCH_ES_APIKEY"),
            Username = Environment.GetEnvironmentVariable("RISKWATCH_ES_USER"),
            Password = Environment.GetEnvironmentVariable("RISKWATCH_ES_PASSWORD"),
            IndexPrefix = "rwtest-" + Guid.NewGuid().ToString("N")[..8],
        });
        await index.CountAsync(CancellationToken.None);
        return index;
    }

    protected override Task CloseAsync(IRiskIndex index) => ((ElasticsearchRiskIndex)index).DropAsync(CancellationToken.None);

    protected override bool FindsCharactersInsideWords => (Index as ElasticsearchRiskIndex)?.ChineseAnalyzer != "smartcn";
}

internal static class TemplateText
{
    /// <summary>Puts values into @0@, @1@… (raw JSON literals full of braces do not mix with interpolation).</summary>
    public static string Fill(this string template, params object[] values)
    {
        for (int i = 0; i < values.Length; i++)
            template = template.Replace($"@{i}@", Convert.ToString(values[i], System.Globalization.CultureInfo.InvariantCulture));
        return template;
    }
}
