using System.Text;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace RiskWatch.Search.Tests;

/// <summary>
/// An Elasticsearch stand-in on the client's own in-memory transport: every request is recorded (method, path, body) and
/// answered by <see cref="Answer"/> through an <see cref="InMemoryRequestInvoker"/>, so the client parses real HTTP-shaped answers.
/// </summary>
internal sealed class FakeCluster : IRequestInvoker
{
    // Lower-case header name: the client's product check looks for exactly this key and throws otherwise.
    private static readonly Dictionary<string, IEnumerable<string>> Headers = new() { ["x-elastic-product"] = ["Elasticsearch"] };
    private readonly InMemoryRequestInvoker _factorySource = new();

    public sealed record Call(string Method, string Path, string Body)
    {
        public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

        /// <summary>A bulk body's lines, each parsed.</summary>
        public List<JsonNode> Lines => [.. Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];
    }

    public List<Call> Calls { get; } = [];

    /// <summary>(method, path and query) → (status, JSON body). Default: the answers of a fresh cluster without smartcn.</summary>
    public Func<string, string, (int Status, string Body)> Answer { get; set; } = Fresh;

    public static (int, string) Fresh(string method, string path) => (method, path) switch
    {
        ("GET", var p) when p.StartsWith("/_cat/plugins") => (200, "[]"),
        ("PUT", var p) when p.StartsWith("/_index_template/") => (200, """{"acknowledged":true}"""),
        ("GET", var p) when p.StartsWith("/_alias/") => (404, """{"error":"alias [x] missing","status":404}"""),
        ("PUT", _) => (200, """{"acknowledged":true,"shards_acknowledged":true}"""),
        _ => (200, "{}"),
    };

    public ElasticsearchIndexOptions Options { get; } = new() { Url = "http://es.invalid:9200", IndexPrefix = "rw", BulkRetries = 2 };

    public ElasticsearchClientSettings Settings() =>
        new ElasticsearchClientSettings(new SingleNodePool(new Uri(Options.Url!)), this).EnableHttpCompression(false);

    public ResponseFactory ResponseFactory => _factorySource.ResponseFactory;

    public TResponse Request<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData)
        where TResponse : TransportResponse, new() =>
        Invoker(endpoint, boundConfiguration, postData).Request<TResponse>(endpoint, boundConfiguration, postData);

    public Task<TResponse> RequestAsync<TResponse>(Endpoint endpoint, BoundConfiguration boundConfiguration, PostData? postData, CancellationToken cancellationToken)
        where TResponse : TransportResponse, new() =>
        Invoker(endpoint, boundConfiguration, postData).RequestAsync<TResponse>(endpoint, boundConfiguration, postData, cancellationToken);

    private InMemoryRequestInvoker Invoker(Endpoint endpoint, BoundConfiguration config, PostData? postData)
    {
        var body = "";
        if (postData is not null)
        {
            using var ms = new MemoryStream();
            postData.Write(ms, config.ConnectionSettings, true);
            body = Encoding.UTF8.GetString(ms.ToArray());
        }
        var method = endpoint.Method.ToString().ToUpperInvariant();
        lock (Calls) Calls.Add(new Call(method, endpoint.PathAndQuery, body));
        var (status, json) = Answer(method, endpoint.PathAndQuery);
        return new InMemoryRequestInvoker(Encoding.UTF8.GetBytes(json), status, null, "application/json", Headers);
    }

    public void Dispose() { }
}
