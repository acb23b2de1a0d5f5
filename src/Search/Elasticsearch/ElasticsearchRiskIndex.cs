using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RiskWatch.Core;
using RiskWatch.Search.Lucene;
using HttpMethod = Elastic.Transport.HttpMethod;
using Fields = RiskWatch.Search.Lucene.Fields;

namespace RiskWatch.Search.Elasticsearch;

/// <summary>
/// The index on an Elasticsearch cluster. Writes go through a write alias (<c>&lt;prefix&gt;-items</c>) over a versioned index
/// (<c>&lt;prefix&gt;-items-v&lt;n&gt;</c>) created from an index template, so a mapping change is a new index, a reindex and an
/// alias swap. Chinese fields use the cluster's <c>smartcn</c> tokenizer when the analysis-smartcn plugin is installed, else
/// CJK bigrams (built in), decided by asking the cluster on first use.
/// The request bodies are written here as JSON rather than with the client's typed descriptors: the JSON is the contract
/// with the cluster, and the tests check it as such.
/// </summary>
public sealed class ElasticsearchRiskIndex : IRiskIndex
{
    /// <summary>Bump when the mapping or analysis changes; <see cref="MigrateAsync"/> moves the alias to the new index.</summary>
    internal const int MappingVersion = 1;

    private static readonly string[] TextFields = [Fields.TitleZh, Fields.TextZh, Fields.TitleEn, Fields.TextEn];
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const string Pre = "\u0001", Post = "\u0002";

    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchIndexOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _setup = new(1, 1);
    private readonly Lazy<global::Lucene.Net.Analysis.Miscellaneous.PerFieldAnalyzerWrapper> _syntax = new(() => Fields.PerField(ChineseAnalysis.Bigram, forQuery: true));
    private volatile bool _ready;

    public string Alias { get; }

    /// <summary>The Chinese analysis chosen at setup: "smartcn" or "cjk"; null before the first call.</summary>
    public string? ChineseAnalyzer { get; private set; }

    public ElasticsearchRiskIndex(ElasticsearchIndexOptions options, ILogger<ElasticsearchRiskIndex>? log = null, TimeProvider? time = null)
        : this(options, Settings(options), log, time)
    {
    }

    /// <summary>With explicit client settings: tests pass an in-memory transport.</summary>
    internal ElasticsearchRiskIndex(ElasticsearchIndexOptions options, ElasticsearchClientSettings settings, ILogger? log = null, TimeProvider? time = null)
    {
        _options = options;
        _client = new ElasticsearchClient(settings);
        _log = log ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        Alias = $"{options.IndexPrefix}-items";
    }

    internal static IRiskIndex Create(ElasticsearchIndexOptions options, ILogger<ElasticsearchRiskIndex> log, TimeProvider time) =>
        new ElasticsearchRiskIndex(options, log, time);

    private static ElasticsearchClientSettings Settings(ElasticsearchIndexOptions o)
    {
        var settings = new ElasticsearchClientSettings(new SingleNodePool(new Uri(o.Url!)))
            .RequestTimeout(TimeSpan.FromSeconds(o.TimeoutSeconds));
        if (!string.IsNullOrEmpty(o.ApiKey)) settings = settings.Authentication(new ApiKey(o.ApiKey));
        else if (!string.IsNullOrEmpty(o.Username)) settings = settings.Authentication(new BasicAuthentication(o.Username, o.Password ?? ""));
        return settings;
    }

    internal string IndexName(int version) => $"{_options.IndexPrefix}-items-v{version}";

    // ---------------------------------------------------------------- transport

    private sealed record Reply(int Status, JsonNode? Body);

    private async Task<Reply> SendAsync(HttpMethod method, string path, string? body, CancellationToken ct)
    {
        StringResponse r;
        try
        {
            r = await _client.Transport.RequestAsync<StringResponse>(method, path, body is null ? null : PostData.String(body), ct);
        }
        catch (TransportException e)
        {
            throw new IndexUnavailableException($"Elasticsearch cannot be reached: {e.Message}", e);
        }
        var details = r.ApiCallDetails;
        if (details.HttpStatusCode is not int status)
            throw new IndexUnavailableException($"Elasticsearch cannot be reached at {details.Uri?.GetLeftPart(UriPartial.Authority)}: " +
                $"{details.OriginalException?.Message ?? "no response"}", details.OriginalException);
        JsonNode? json = null;
        if (!string.IsNullOrWhiteSpace(r.Body))
        {
            try { json = JsonNode.Parse(r.Body); }
            catch (JsonException) { json = JsonValue.Create(r.Body); }
        }
        return new Reply(status, json);
    }

    private static string Reason(JsonNode? body)
    {
        var error = body?["error"];
        if (error is JsonValue v) return v.ToString();
        var root = error?["root_cause"]?[0] ?? error;
        var reason = root?["reason"]?.ToString() ?? body?.ToJsonString() ?? "no reason given";
        var caused = error?["caused_by"]?["reason"]?.ToString() ?? error?["failed_shards"]?[0]?["reason"]?["caused_by"]?["reason"]?.ToString();
        return caused is not null && caused != reason ? $"{reason} ({caused})" : reason;
    }

    private static IndexUnavailableException Refused(string what, Reply r) =>
        new($"Elasticsearch refused {what} (HTTP {r.Status}): {Reason(r.Body)}");

    // ---------------------------------------------------------------- setup

    private async Task EnsureReadyAsync(CancellationToken ct)
    {
        if (_ready) return;
        await _setup.WaitAsync(ct);
        try
        {
            if (_ready) return;
            var plugins = await SendAsync(HttpMethod.GET, "/_cat/plugins?format=json&h=component", null, ct);
            if (plugins.Status != 200) throw Refused("the plugin list", plugins);
            var smartcn = plugins.Body is JsonArray list && list.Any(p => p?["component"]?.ToString() == "analysis-smartcn");
            ChineseAnalyzer = smartcn ? "smartcn" : "cjk";

            var template = await SendAsync(HttpMethod.PUT, $"/_index_template/{Alias}", TemplateJson(smartcn).ToJsonString(Compact), ct);
            if (template.Status is not (200 or 201)) throw Refused("the index template", template);

            var alias = await SendAsync(HttpMethod.GET, $"/_alias/{Alias}", null, ct);
            var index = IndexName(MappingVersion);
            if (alias.Status == 404)
            {
                var body = new JsonObject { ["aliases"] = new JsonObject { [Alias] = new JsonObject { ["is_write_index"] = true } } };
                var created = await SendAsync(HttpMethod.PUT, $"/{index}", body.ToJsonString(), ct);
                // Another node may have created it in the meantime: that is fine.
                if (created.Status is not (200 or 201) && !Reason(created.Body).Contains("already exists", StringComparison.OrdinalIgnoreCase))
                    throw Refused($"creating index {index}", created);
            }
            else if (alias.Status != 200)
            {
                throw Refused("the alias lookup", alias);
            }
            else if (alias.Body is JsonObject o && o.Count > 0)
            {
                index = o.First().Key;
            }
            Log.EsReady(_log, Alias, index, ChineseAnalyzer);
            _ready = true;
        }
        finally
        {
            _setup.Release();
        }
    }

    /// <summary>The index template: analysis that mirrors the Lucene index (English stop words and stemming on both
    /// languages' fields, so AND queries behave the same), keyword filters, and the whole item kept in _source unindexed.</summary>
    internal JsonObject TemplateJson(bool smartcn)
    {
        // As in the Lucene index: bigrams plus single characters in the index, bigrams only in queries.
        JsonNode ZhAnalyzer(bool forQuery) => new JsonObject
        {
            ["type"] = "custom",
            ["tokenizer"] = smartcn ? "smartcn_tokenizer" : "standard",
            ["filter"] = smartcn
                ? new JsonArray("lowercase", "rw_english_stop", "porter_stem")
                : new JsonArray("cjk_width", "lowercase", forQuery ? "cjk_bigram" : "rw_cjk_bigram_unigrams", "rw_english_stop", "porter_stem"),
        };
        JsonObject Text(string analyzer, string? searchAnalyzer = null) => searchAnalyzer is null
            ? new() { ["type"] = "text", ["analyzer"] = analyzer }
            : new() { ["type"] = "text", ["analyzer"] = analyzer, ["search_analyzer"] = searchAnalyzer };
        JsonObject Keyword(string? normalizer = null) => normalizer is null
            ? new() { ["type"] = "keyword" }
            : new() { ["type"] = "keyword", ["normalizer"] = normalizer };
        return new JsonObject
        {
            ["index_patterns"] = new JsonArray($"{_options.IndexPrefix}-items-v*"),
            ["priority"] = 100,
            ["template"] = new JsonObject
            {
                ["settings"] = new JsonObject
                {
                    ["analysis"] = new JsonObject
                    {
                        ["filter"] = new JsonObject
                        {
                            ["rw_english_stop"] = new JsonObject { ["type"] = "stop", ["stopwords"] = "_english_" },
                            ["rw_english_possessive"] = new JsonObject { ["type"] = "stemmer", ["language"] = "possessive_english" },
                            ["rw_cjk_bigram_unigrams"] = new JsonObject { ["type"] = "cjk_bigram", ["output_unigrams"] = true },
                        },
                        ["normalizer"] = new JsonObject
                        {
                            ["rw_upper"] = new JsonObject { ["type"] = "custom", ["filter"] = new JsonArray("uppercase") },
                            ["rw_lower"] = new JsonObject { ["type"] = "custom", ["filter"] = new JsonArray("lowercase") },
                        },
                        ["analyzer"] = new JsonObject
                        {
                            ["rw_zh"] = ZhAnalyzer(forQuery: false),
                            ["rw_zh_search"] = ZhAnalyzer(forQuery: true),
                            ["rw_en"] = new JsonObject
                            {
                                ["type"] = "custom",
                                ["tokenizer"] = "standard",
                                ["filter"] = new JsonArray("rw_english_possessive", "lowercase", "rw_english_stop", "porter_stem"),
                            },
                        },
                    },
                },
                ["mappings"] = new JsonObject
                {
                    ["dynamic"] = "strict",
                    ["properties"] = new JsonObject
                    {
                        [Fields.Id] = Keyword(),
                        [Fields.TitleZh] = Text("rw_zh", "rw_zh_search"),
                        [Fields.TextZh] = Text("rw_zh", "rw_zh_search"),
                        [Fields.TitleEn] = Text("rw_en"),
                        [Fields.TextEn] = Text("rw_en"),
                        [Fields.Country] = Keyword("rw_upper"),
                        [Fields.Category] = Keyword("rw_lower"),
                        [Fields.Source] = Keyword(),
                        [Fields.Level] = new JsonObject { ["type"] = "integer" },
                        [Fields.Published] = new JsonObject { ["type"] = "date", ["format"] = "epoch_millis||strict_date_optional_time" },
                        [Fields.Language] = Keyword("rw_lower"),
                        ["item"] = new JsonObject { ["type"] = "object", ["enabled"] = false },
                    },
                },
            },
        };
    }

    /// <summary>
    /// After a mapping change (<see cref="MappingVersion"/> bumped): creates the new index from the template, copies every
    /// item into it and swaps the alias in one atomic step. Returns the new index name.
    /// </summary>
    public async Task<string> MigrateAsync(CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        var alias = await SendAsync(HttpMethod.GET, $"/_alias/{Alias}", null, ct);
        var current = alias.Body is JsonObject o && o.Count > 0 ? o.First().Key : throw Refused("the alias lookup", alias);
        var target = IndexName(MappingVersion);
        if (current == target) return current;
        var created = await SendAsync(HttpMethod.PUT, $"/{target}", "{}", ct);
        if (created.Status is not (200 or 201)) throw Refused($"creating index {target}", created);
        var copy = new JsonObject { ["source"] = new JsonObject { ["index"] = current }, ["dest"] = new JsonObject { ["index"] = target } };
        var copied = await SendAsync(HttpMethod.POST, "/_reindex?refresh=true&wait_for_completion=true", copy.ToJsonString(), ct);
        if (copied.Status != 200) throw Refused("the reindex", copied);
        var swap = new JsonObject
        {
            ["actions"] = new JsonArray(
                new JsonObject { ["remove"] = new JsonObject { ["index"] = current, ["alias"] = Alias } },
                new JsonObject { ["add"] = new JsonObject { ["index"] = target, ["alias"] = Alias, ["is_write_index"] = true } }),
        };
        var swapped = await SendAsync(HttpMethod.POST, "/_aliases", swap.ToJsonString(), ct);
        if (swapped.Status != 200) throw Refused("the alias swap", swapped);
        return target;
    }

    /// <summary>Removes this prefix's indices and template (tests against a real cluster clean up with it).</summary>
    internal async Task DropAsync(CancellationToken ct)
    {
        await SendAsync(HttpMethod.DELETE, $"/{_options.IndexPrefix}-items-v*", null, ct);
        await SendAsync(HttpMethod.DELETE, $"/_index_template/{Alias}", null, ct);
    }

    // ---------------------------------------------------------------- writes

    internal static JsonObject Document(RiskItem item)
    {
        var zh = Keys.IsChinese(item.Language);
        return new JsonObject
        {
            [Fields.Id] = item.Id,
            [zh ? Fields.TitleZh : Fields.TitleEn] = item.Title,
            [zh ? Fields.TextZh : Fields.TextEn] = item.Text,
            [Fields.Country] = new JsonArray([.. item.Countries.Select(Keys.Country).Distinct().Select(c => (JsonNode)c)]),
            [Fields.Category] = item.Category.Key(),
            [Fields.Source] = Keys.Source(item.Source),
            [Fields.Level] = item.Level,
            [Fields.Published] = Keys.ToMs(item.Published),
            [Fields.Language] = Keys.Language(item.Language),
            ["item"] = JsonNode.Parse(ItemJson.Serialize(item)),
        };
    }

    public async Task UpsertAsync(IReadOnlyCollection<RiskItem> items, CancellationToken ct)
    {
        if (items.Count == 0) return;
        await EnsureReadyAsync(ct);
        var pending = new Dictionary<string, RiskItem>(StringComparer.Ordinal);
        foreach (var i in items) pending[i.Id] = i;
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);

        for (int attempt = 0; ; attempt++)
        {
            var body = new StringBuilder();
            foreach (var item in pending.Values)
            {
                body.Append("{\"index\":{\"_id\":").Append(JsonSerializer.Serialize(item.Id)).Append("}}\n");
                body.Append(Document(item).ToJsonString(Compact)).Append('\n');
            }
            // wait_for: the call returns once the batch is searchable, as the contract requires.
            var reply = await SendAsync(HttpMethod.POST, $"/{Alias}/_bulk?refresh=wait_for", body.ToString(), ct);
            var retry = new Dictionary<string, (RiskItem Item, string Reason)>(StringComparer.Ordinal);
            if (reply.Status == 429 || reply.Status >= 500)
            {
                foreach (var (id, item) in pending) retry[id] = (item, $"HTTP {reply.Status}: {Reason(reply.Body)}");
            }
            else if (reply.Status != 200)
            {
                throw Refused("the bulk request", reply);
            }
            else if (reply.Body?["errors"]?.GetValue<bool>() == true)
            {
                foreach (var entry in reply.Body["items"]?.AsArray() ?? [])
                {
                    var op = entry?["index"];
                    if (op?["_id"]?.ToString() is not { } id || op["error"] is not JsonNode error) continue;
                    var status = op["status"]?.GetValue<int>() ?? 0;
                    var reason = $"HTTP {status} {error["type"]}: {error["reason"]}";
                    // Too many requests and shard trouble pass; a mapping or parsing error will not.
                    if ((status == 429 || status >= 500) && pending.TryGetValue(id, out var item)) retry[id] = (item, reason);
                    else failed[id] = reason;
                }
            }
            if (retry.Count == 0) break;
            if (attempt >= _options.BulkRetries)
            {
                foreach (var (id, r) in retry) failed[id] = r.Reason;
                break;
            }
            Log.BulkRetry(_log, retry.Count + failed.Count, items.Count, retry.Count, attempt + 1);
            await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt)), _time, ct);
            pending = retry.ToDictionary(kv => kv.Key, kv => kv.Value.Item, StringComparer.Ordinal);
        }

        if (failed.Count > 0)
        {
            foreach (var (id, reason) in failed) Log.BulkItemFailed(_log, id, reason);
            var first = failed.OrderBy(kv => kv.Key, StringComparer.Ordinal).First();
            throw new IndexUnavailableException($"Elasticsearch did not index {failed.Count} of {items.Count} items (first: {first.Key}: {first.Value}); the others are indexed.");
        }
    }

    public async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        var body = new JsonObject { ["query"] = new JsonObject { ["range"] = new JsonObject { [Fields.Published] = new JsonObject { ["lt"] = Keys.ToMs(cutoff), ["format"] = "epoch_millis" } } } };
        var r = await SendAsync(HttpMethod.POST, $"/{Alias}/_delete_by_query?refresh=true&conflicts=proceed", body.ToJsonString(), ct);
        if (r.Status != 200) throw Refused("the retention delete", r);
        return r.Body?["deleted"]?.GetValue<long>() ?? 0;
    }

    // ---------------------------------------------------------------- reads

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await EnsureReadyAsync(ct);
        var r = await SendAsync(HttpMethod.GET, $"/{Alias}/_count", null, ct);
        if (r.Status != 200) throw Refused("the count", r);
        return r.Body?["count"]?.GetValue<long>() ?? 0;
    }

    public async Task<RiskItem?> GetAsync(string id, CancellationToken ct)
    {
        var many = await GetManyAsync([id], ct);
        return many.TryGetValue(id, out var item) ? item : null;
    }

    public async Task<IReadOnlyDictionary<string, RiskItem>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var result = new Dictionary<string, RiskItem>(StringComparer.Ordinal);
        if (ids.Count == 0) return result;
        await EnsureReadyAsync(ct);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            var body = new JsonObject { ["ids"] = new JsonArray([.. chunk.Select(i => (JsonNode)i)]) };
            var r = await SendAsync(HttpMethod.POST, $"/{Alias}/_mget?_source_includes=item", body.ToJsonString(), ct);
            if (r.Status != 200) throw Refused("the lookup by id", r);
            foreach (var doc in r.Body?["docs"]?.AsArray() ?? [])
            {
                if (doc?["found"]?.GetValue<bool>() != true || doc["_source"]?["item"] is not JsonNode item) continue;
                var ri = ToItem(item);
                result[ri.Id] = ri;
            }
        }
        return result;
    }

    private static RiskItem ToItem(JsonNode item) => ItemJson.Deserialize(Encoding.UTF8.GetBytes(item.ToJsonString()));

    public async Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var body = SearchJson(query);
        await EnsureReadyAsync(ct);
        var r = await SendAsync(HttpMethod.POST, $"/{Alias}/_search", body.ToJsonString(Compact), ct);
        if (r.Status == 400) throw new QuerySyntaxException($"The search cannot be run: {Reason(r.Body)}");
        if (r.Status != 200) throw Refused("the search", r);
        return ReadSearch(query, r.Body!);
    }

    /// <summary>The search request: query_string over both languages' fields, filters, sort with the id as tiebreaker,
    /// search_after from the cursor, aggregations for facets and the histogram, highlights.</summary>
    internal JsonObject SearchJson(SearchQuery query)
    {
        var interval = string.IsNullOrWhiteSpace(query.HistogramInterval) ? null : Buckets.Check(query.HistogramInterval);
        var cursor = SearchCursor.Decode(query.Cursor, query.Sort);
        var size = Math.Clamp(query.Size, 0, 1000);
        // The Lucene parser checks syntax, field names and categories, so both backends reject the same text with the same words.
        RiskQueryParser.ParseOrNull(query.Text, _syntax.Value);

        var filters = new JsonArray();
        void Terms(string field, IEnumerable<string> values)
        {
            var v = values.Where(x => x.Length > 0).Distinct().ToList();
            if (v.Count > 0) filters.Add(new JsonObject { ["terms"] = new JsonObject { [field] = new JsonArray([.. v.Select(x => (JsonNode)x)]) } });
        }
        Terms(Fields.Country, query.Countries.Select(Keys.Country));
        Terms(Fields.Category, query.Categories.Select(c => c.Key()));
        Terms(Fields.Source, query.Sources.Select(Keys.Source));
        if (!string.IsNullOrWhiteSpace(query.Language)) Terms(Fields.Language, [Keys.Language(query.Language)]);
        if (query.MinLevel is not null || query.MaxLevel is not null)
        {
            var range = new JsonObject();
            if (query.MinLevel is int min) range["gte"] = min;
            if (query.MaxLevel is int max) range["lte"] = max;
            filters.Add(new JsonObject { ["range"] = new JsonObject { [Fields.Level] = range } });
        }
        if (query.From is not null || query.To is not null)
        {
            var range = new JsonObject { ["format"] = "epoch_millis" };
            if (query.From is { } from) range["gte"] = Keys.ToMs(from);
            if (query.To is { } to) range["lte"] = Keys.ToMs(to);
            filters.Add(new JsonObject { ["range"] = new JsonObject { [Fields.Published] = range } });
        }

        var must = new JsonArray();
        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        if (hasText)
        {
            must.Add(new JsonObject
            {
                ["query_string"] = new JsonObject
                {
                    ["query"] = QueryText.ForQueryString(query.Text!),
                    ["fields"] = new JsonArray([.. TextFields.Select(f => (JsonNode)f)]),
                    ["default_operator"] = "AND",
                    ["allow_leading_wildcard"] = false,
                },
            });
        }
        var body = new JsonObject
        {
            ["size"] = size + (size > 0 ? 1 : 0),
            ["track_total_hits"] = true,
            ["_source"] = new JsonArray("item"),
            ["query"] = new JsonObject { ["bool"] = new JsonObject { ["must"] = must.Count > 0 ? must : new JsonArray(new JsonObject { ["match_all"] = new JsonObject() }), ["filter"] = filters } },
            ["sort"] = query.Sort switch
            {
                SearchSort.Newest => new JsonArray(Sort(Fields.Published, "desc"), Sort(Fields.Id, "asc")),
                SearchSort.Severity => new JsonArray(Sort(Fields.Level, "desc"), Sort(Fields.Published, "desc"), Sort(Fields.Id, "asc")),
                _ => new JsonArray(Sort("_score", "desc"), Sort(Fields.Id, "asc")),
            },
        };
        if (cursor is not null)
        {
            body["search_after"] = cursor.Sort switch
            {
                SearchSort.Newest => new JsonArray(cursor.PublishedMs, cursor.Id),
                SearchSort.Severity => new JsonArray(cursor.Level, cursor.PublishedMs, cursor.Id),
                _ => new JsonArray(cursor.Score, cursor.Id),
            };
        }
        var aggs = new JsonObject();
        if (query.IncludeFacets)
        {
            aggs["country"] = TermsAgg(Fields.Country, 300);
            aggs["category"] = TermsAgg(Fields.Category, 50);
            aggs["level"] = TermsAgg(Fields.Level, 10);
            aggs["source"] = TermsAgg(Fields.Source, 500);
        }
        if (interval is not null)
        {
            aggs["histogram"] = new JsonObject
            {
                ["date_histogram"] = new JsonObject { ["field"] = Fields.Published, ["calendar_interval"] = interval, ["min_doc_count"] = 0, ["time_zone"] = "UTC" },
            };
        }
        if (aggs.Count > 0) body["aggs"] = aggs;
        if (query.Highlight && hasText)
        {
            // Our own markers, escaped and turned into <mark> here: the cluster's html encoder writes every Chinese
            // character as a numeric entity.
            var fields = new JsonObject();
            foreach (var f in new[] { Fields.TitleZh, Fields.TitleEn }) fields[f] = new JsonObject { ["number_of_fragments"] = 0 };
            foreach (var f in new[] { Fields.TextZh, Fields.TextEn }) fields[f] = new JsonObject { ["fragment_size"] = 160, ["number_of_fragments"] = 2 };
            body["highlight"] = new JsonObject
            {
                ["pre_tags"] = new JsonArray(Pre),
                ["post_tags"] = new JsonArray(Post),
                ["require_field_match"] = true,
                ["fields"] = fields,
            };
        }
        return body;

        static JsonObject Sort(string field, string order) => new() { [field] = new JsonObject { ["order"] = order } };
        static JsonObject TermsAgg(string field, int size) => new() { ["terms"] = new JsonObject { ["field"] = field, ["size"] = size } };
    }

    internal static SearchResult ReadSearch(SearchQuery query, JsonNode body)
    {
        var size = Math.Clamp(query.Size, 0, 1000);
        var hitsNode = body["hits"]?["hits"]?.AsArray() ?? [];
        var total = body["hits"]?["total"] is JsonObject t ? t["value"]?.GetValue<long>() ?? 0 : body["hits"]?["total"]?.GetValue<long>() ?? 0;
        var hits = new List<SearchHit>();
        string? next = null;
        for (int i = 0; i < hitsNode.Count && i < size; i++)
        {
            var h = hitsNode[i]!;
            var item = ToItem(h["_source"]!["item"]!);
            var score = h["_score"] is JsonValue sv && sv.TryGetValue<double>(out var s) ? s : 0;
            var hl = h["highlight"];
            var zh = Keys.IsChinese(item.Language);
            var title = Mark(hl?[zh ? Fields.TitleZh : Fields.TitleEn]);
            var text = Mark(hl?[zh ? Fields.TextZh : Fields.TextEn]);
            hits.Add(new SearchHit(item, score, title, text));
            if (i == size - 1 && hitsNode.Count > size)
            {
                var sort = h["sort"]!.AsArray();
                next = (query.Sort switch
                {
                    SearchSort.Newest => new SearchCursor(query.Sort, item.Id, PublishedMs: sort[0]!.GetValue<long>()),
                    SearchSort.Severity => new SearchCursor(query.Sort, item.Id, Level: sort[0]!.GetValue<int>(), PublishedMs: sort[1]!.GetValue<long>()),
                    _ => new SearchCursor(query.Sort, item.Id, Score: sort[0]!.GetValue<double>()),
                }).Encode();
            }
        }

        var facets = new Dictionary<string, IReadOnlyDictionary<string, long>>();
        var aggs = body["aggregations"];
        if (query.IncludeFacets)
        {
            foreach (var name in new[] { "country", "category", "level", "source" })
            {
                var d = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var b in aggs?[name]?["buckets"]?.AsArray() ?? [])
                {
                    var key = b!["key"]!;
                    var k = key.GetValueKind() == JsonValueKind.Number ? key.GetValue<long>().ToString(CultureInfo.InvariantCulture) : key.ToString();
                    d[k] = b["doc_count"]!.GetValue<long>();
                }
                facets[name] = d;
            }
        }
        var histogram = new List<HistogramBucket>();
        foreach (var b in aggs?["histogram"]?["buckets"]?.AsArray() ?? [])
            histogram.Add(new HistogramBucket(DateTimeOffset.FromUnixTimeMilliseconds(b!["key"]!.GetValue<long>()), b["doc_count"]!.GetValue<long>()));
        return new SearchResult(hits, total, facets, histogram, next);
    }

    /// <summary>HTML-escapes a highlight and turns the marker characters into &lt;mark&gt; tags.</summary>
    private static string? Mark(JsonNode? fragments)
    {
        if (fragments is not JsonArray a || a.Count == 0) return null;
        var joined = string.Join(" … ", a.Select(f => f!.ToString()));
        return Html.Escape(joined).Replace(Pre, "<mark>").Replace(Post, "</mark>");
    }
}
