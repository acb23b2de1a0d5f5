using System.Diagnostics;
using System.Text;
using RiskWatch.Collectors.Fetching;
using RiskWatch.Collectors.Sources;
using RiskWatch.Collectors.Tests.Support;

namespace RiskWatch.Collectors.Tests;

/// <summary>The fetcher against a real HTTP server on loopback.</summary>
public sealed class FetcherTests : IAsyncLifetime
{
    private readonly LoopbackServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Collect_UsFeedServedOverHttp_GivesItemsAndSendsUserAgent()
    {
        _server.MapFixture("feed.xml", "us-state-dept.a.xml", "application/rss+xml; charset=utf-8");
        var fetcher = Some.Fetchers().Create(Some.Loopback());
        var items = await new UsStateDeptSource(_server.Url("feed.xml")).CollectAsync(fetcher, CancellationToken.None);
        Assert.Equal(3, items.Count);
        Assert.Equal("RiskWatch/1.0 (+https://github.com/riskwatch)", _server.Requests.Single().UserAgent);
        Assert.True(fetcher.BytesRead > 1000);
    }

    [Fact]
    public async Task Collect_FeedThatIsNotXml_FailsWithFormatReason()
    {
        _server.MapText("feed.xml", "<!DOCTYPE html><html><body><h1>Maintenance</h1><p>Back soon<br></body></html>", "text/html");
        var fetcher = Some.Fetchers().Create(Some.Loopback());
        var ex = await Assert.ThrowsAsync<SourceFormatException>(() => new UsStateDeptSource(_server.Url("feed.xml")).CollectAsync(fetcher, CancellationToken.None));
        Assert.Contains("XML", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Collect_TruncatedFeed_FailsSayingTruncated()
    {
        var full = File.ReadAllText(Paths.Fixture("us-state-dept.a.xml"));
        _server.MapText("feed.xml", full[..(full.Length * 2 / 3)]);
        var fetcher = Some.Fetchers().Create(Some.Loopback());
        var ex = await Assert.ThrowsAsync<SourceFormatException>(() => new UsStateDeptSource(_server.Url("feed.xml")).CollectAsync(fetcher, CancellationToken.None));
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public async Task Get_ConnectionClosedBeforeDeclaredLength_FailsAsTruncatedTransfer()
    {
        _server.Map("cut.xml", async ctx =>
        {
            ctx.Response.ContentLength64 = 10_000;
            await ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("<rss><channel><item>"));
            await ctx.Response.OutputStream.FlushAsync();
            ctx.Response.Abort();
        });
        var fetcher = Some.Fetchers().Create(Some.Loopback());
        var ex = await Assert.ThrowsAsync<SourceFetchException>(() => fetcher.GetAsync(_server.Url("cut.xml"), CancellationToken.None));
        Assert.Matches("ended early|failed", ex.Message);
    }

    [Fact]
    public async Task Get_BodyLargerThanLimit_StopsReadingAndFails()
    {
        var big = new byte[200_000];
        Array.Fill(big, (byte)'a');
        _server.MapBytes("declared.txt", big, "text/plain");
        _server.Map("chunked.txt", async ctx =>
        {
            ctx.Response.SendChunked = true;
            for (int i = 0; i < 50; i++) await ctx.Response.OutputStream.WriteAsync(big.AsMemory(0, 4096));
            ctx.Response.Close();
        });
        var fetcher = Some.Fetchers().Create(Some.Loopback(maxBytes: 16 * 1024));
        var declared = await Assert.ThrowsAsync<SourceFetchException>(() => fetcher.GetAsync(_server.Url("declared.txt"), CancellationToken.None));
        Assert.Contains("larger than the limit of 16384 bytes", declared.Message);
        var chunked = await Assert.ThrowsAsync<SourceFetchException>(() => fetcher.GetAsync(_server.Url("chunked.txt"), CancellationToken.None));
        Assert.Contains("reading stopped", chunked.Message);
        Assert.True(fetcher.BytesRead <= 16 * 1024);
    }

    [Fact]
    public async Task Get_ServerTooSlow_TimesOutWithReason()
    {
        _server.Map("slow.xml", async ctx =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(10), _server.Stopping); } catch (OperationCanceledException) { }
            ctx.Response.Close();
        });
        var fetcher = Some.Fetchers().Create(Some.Loopback(timeoutSeconds: 1));
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<SourceFetchException>(() => fetcher.GetAsync(_server.Url("slow.xml"), CancellationToken.None));
        Assert.Contains("timed out after 1 s", ex.Message);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 5);
    }

    [Fact]
    public async Task Get_Server500_RetriesThenFailsWithStatus()
    {
        _server.MapText("err.xml", "oops", "text/plain", status: 500);
        var fetcher = Some.Fetchers(Some.FastOptions(retries: 2)).Create(Some.Loopback());
        var ex = await Assert.ThrowsAsync<SourceFetchException>(() => fetcher.GetAsync(_server.Url("err.xml"), CancellationToken.None));
        Assert.Contains("HTTP 500", ex.Message);
        Assert.Contains("after 3 attempts", ex.Message);
        Assert.Equal(3, _server.Count("err.xml"));
    }

    [Fact]
    public async Task Get_TransientErrorThenSuccess_Recovers()
    {
        int calls = 0;
        _server.Map("flaky.xml", async ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1) ctx.Response.StatusCode = 503;
            else await ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("<ok/>"));
            ctx.Response.Close();
        });
        var fetcher = Some.Fetchers(Some.FastOptions(retries: 2)).Create(Some.Loopback());
        var result = await fetcher.GetAsync(_server.Url("flaky.xml"), CancellationToken.None);
        Assert.Equal("<ok/>", result.Content);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Get_RedirectLoop_StopsAtTheLimit()
    {
        void Redirect(string from, string to) => _server.Map(from, ctx => { ctx.Response.Redirect(_server.Url(to).ToString()); ctx.Response.Close(); return Task.CompletedTask; });
        Redirect("a", "b");
        Redirect("b", "a");
        var fetcher = Some.Fetchers(Some.FastOptions()).Create(Some.Loopback());
        var ex = await Assert.ThrowsAsync<SourceFetchException>(() => fetcher.GetAsync(_server.Url("a"), CancellationToken.None));
        Assert.Contains("more than 5 redirects", ex.Message);
        Assert.Equal(6, _server.Requests.Count);
    }

    [Fact]
    public async Task Get_RedirectToAnotherPath_IsFollowed()
    {
        _server.Map("old", ctx => { ctx.Response.Redirect("/new"); ctx.Response.Close(); return Task.CompletedTask; });
        _server.MapText("new", "<moved/>");
        var result = await Some.Fetchers().Create(Some.Loopback()).GetAsync(_server.Url("old"), CancellationToken.None);
        Assert.Equal("<moved/>", result.Content);
        Assert.Equal(_server.Url("new"), result.Url);
    }

    [Theory]
    [InlineData("text/html", true)]
    [InlineData("text/html; charset=GBK", false)]
    [InlineData("text/html; charset=gb2312", false)]
    public async Task Get_GbkPage_DecodesChineseRight(string contentType, bool metaOnly)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030");
        var html = (metaOnly ? "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"></head>" : "<html><head></head>")
            + "<body><p>提醒中国公民近期暂勿前往海地。该提醒有效期至2027年5月2日。</p></body></html>";
        _server.MapBytes("gbk.html", gbk.GetBytes(html), contentType);
        var result = await Some.Fetchers().Create(Some.Loopback()).GetAsync(_server.Url("gbk.html"), CancellationToken.None);
        Assert.Contains("提醒中国公民近期暂勿前往海地", result.Content);
    }

    [Fact]
    public async Task Get_UndeclaredGbkBytes_FallBackToGb18030()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("<p>领事预警：注意安全</p>");
        _server.MapBytes("plain.html", bytes, "text/html");
        var result = await Some.Fetchers().Create(Some.Loopback()).GetAsync(_server.Url("plain.html"), CancellationToken.None);
        Assert.Equal("<p>领事预警：注意安全</p>", result.Content);
    }

    [Fact]
    public async Task Get_Utf8WithBomAndWrongHeaderlessCharset_DecodesUtf8()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"t\":\"黄色\"}")).ToArray();
        _server.MapBytes("bom.json", bytes, "application/json");
        var result = await Some.Fetchers().Create(Some.Loopback()).GetAsync(_server.Url("bom.json"), CancellationToken.None);
        Assert.Equal("{\"t\":\"黄色\"}", result.Content);
    }

    [Fact]
    public async Task Get_SecondRequest_IsConditionalAndAnswered304()
    {
        _server.Map("cond.xml", async ctx =>
        {
            if (ctx.Request.Headers["If-None-Match"] == "\"v1\"") { ctx.Response.StatusCode = 304; ctx.Response.Close(); return; }
            ctx.Response.Headers["ETag"] = "\"v1\"";
            ctx.Response.Headers["Last-Modified"] = "Mon, 02 Nov 2026 10:00:00 GMT";
            await ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("<v1/>"));
            ctx.Response.Close();
        });
        var validators = new Dictionary<string, UrlValidators>();
        var first = await Some.Fetchers().Create(Some.Loopback(), validators).GetAsync(_server.Url("cond.xml"), CancellationToken.None);
        Assert.False(first.NotModified);
        Assert.Equal(new UrlValidators("\"v1\"", "Mon, 02 Nov 2026 10:00:00 GMT"), validators[_server.Url("cond.xml").ToString()]);
        var second = await Some.Fetchers().Create(Some.Loopback(), validators).GetAsync(_server.Url("cond.xml"), CancellationToken.None);
        Assert.True(second.NotModified);
        Assert.Equal("", second.Content);
        var sent = _server.Requests.Last();
        Assert.Equal("\"v1\"", sent.IfNoneMatch);
        Assert.Equal("Mon, 02 Nov 2026 10:00:00 GMT", sent.IfModifiedSince);
    }

    [Fact]
    public async Task Get_LoopbackWithoutPermission_IsRefusedBeforeAnyRequest()
    {
        _server.MapText("feed.xml", "<x/>");
        var fetcher = Some.Fetchers().Create(new SourceOptions());
        var ex = await Assert.ThrowsAsync<SourceFetchException>(() => fetcher.GetAsync(_server.Url("feed.xml"), CancellationToken.None));
        Assert.Contains("AllowPrivateNetwork", ex.Message);
        var byName = await Assert.ThrowsAsync<SourceFetchException>(() => fetcher.GetAsync(new Uri($"http://localhost:{_server.BaseUrl.Port}/feed.xml"), CancellationToken.None));
        Assert.Contains("loopback", byName.Message);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("http://10.1.2.3/feed")]
    [InlineData("http://192.168.0.10/feed")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/feed")]
    [InlineData("ftp://example.org/feed")]
    [InlineData("file:///etc/passwd")]
    public async Task Get_PrivateAddressOrOtherScheme_IsRefused(string url)
    {
        var fetcher = Some.Fetchers().Create(new SourceOptions());
        await Assert.ThrowsAsync<SourceFetchException>(() => fetcher.GetAsync(new Uri(url), CancellationToken.None));
    }

    [Fact]
    public async Task Get_RepeatedFailures_OpenTheHostCircuit()
    {
        _server.MapText("down", "no", "text/plain", status: 502);
        var options = Some.FastOptions();
        options.BreakerFailures = 2;
        var factory = Some.Fetchers(options);
        for (int i = 0; i < 2; i++)
            await Assert.ThrowsAsync<SourceFetchException>(() => factory.Create(Some.Loopback()).GetAsync(_server.Url("down"), CancellationToken.None));
        var ex = await Assert.ThrowsAsync<SourceFetchException>(() => factory.Create(Some.Loopback()).GetAsync(_server.Url("down"), CancellationToken.None));
        Assert.Contains("circuit open", ex.Message);
        Assert.Equal(2, _server.Count("down"));
    }

    [Fact]
    public async Task Get_OpenCircuit_LetsOneTrialThroughAfterTheBreakAndClosesOnSuccess()
    {
        bool down = true;
        _server.Map("host", async ctx =>
        {
            if (down) ctx.Response.StatusCode = 503;
            else await ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("<up/>"));
            ctx.Response.Close();
        });
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T10:00:00Z"));
        var options = Some.FastOptions();
        options.BreakerFailures = 1;
        options.BreakerMinutes = 10;
        var factory = Some.Fetchers(options, time);
        await Assert.ThrowsAsync<SourceFetchException>(() => factory.Create(Some.Loopback()).GetAsync(_server.Url("host"), CancellationToken.None));
        var open = await Assert.ThrowsAsync<SourceFetchException>(() => factory.Create(Some.Loopback()).GetAsync(_server.Url("host"), CancellationToken.None));
        Assert.Contains("circuit open", open.Message);
        Assert.Contains("2026-11-02 10:10:00Z", open.Message);

        time.Advance(TimeSpan.FromMinutes(11));
        down = false;
        var result = await factory.Create(Some.Loopback()).GetAsync(_server.Url("host"), CancellationToken.None);
        Assert.Equal("<up/>", result.Content);
        Assert.Equal(2, _server.Count("host"));
    }

    [Fact]
    public async Task Get_MinimumIntervalPerHost_SpacesRequests()
    {
        _server.MapText("x", "<x/>");
        var options = Some.FastOptions();
        options.MinIntervalPerHostSeconds = 0.4;
        var factory = Some.Fetchers(options);
        var clock = Stopwatch.StartNew();
        await factory.Create(Some.Loopback()).GetAsync(_server.Url("x"), CancellationToken.None);
        var source = Some.Loopback();
        source.MinHostIntervalSeconds = null;
        await factory.Create(source).GetAsync(_server.Url("x"), CancellationToken.None);
        await factory.Create(source).GetAsync(_server.Url("x"), CancellationToken.None);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.75), $"three requests took {clock.Elapsed}");
    }
}
