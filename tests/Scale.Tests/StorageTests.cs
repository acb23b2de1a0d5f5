using Microsoft.EntityFrameworkCore;
using RiskWatch.Alerts.Data;
using RiskWatch.Collectors.State;
using RiskWatch.Scale.Tests.Support;
using RiskWatch.Scoring.Country;
using RiskWatch.Web.Hosting;
using RiskWatch.Web.Hosting.Schema;
using Xunit.Abstractions;

namespace RiskWatch.Scale.Tests;

/// <summary>The same EF model and the versioned schema on both providers: every test runs on SQLite and on PostgreSQL.</summary>
public sealed class StorageTests(ITestOutputHelper output)
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    private static async Task MigrateAsync(TestDatabase db)
    {
        await using var ctx = db.Web();
        await SchemaMigrator.MigrateAsync(ctx.Database.GetDbConnection(), db.IsPostgres, TimeProvider.System, CancellationToken.None);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Migrate_FreshDatabase_CreatesEveryTableAndColumnOfEveryModule(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, output);
        if (db is null) return;

        await MigrateAsync(db);

        var problems = new List<string>();
        foreach (var ctx in db.AllContexts())
        {
            await using (ctx)
            {
                var missing = await SchemaMigrator.MissingFromDatabase(ctx, CancellationToken.None);
                if (missing.Count > 0)
                    problems.Add($"{ctx.GetType().Name}: no numbered script creates {string.Join(", ", missing)}. EF's DDL for them:\n{SchemaMigrator.ModelDdl(ctx, missing)}");
            }
        }
        Assert.True(problems.Count == 0, $"on {provider} (add a script under src/Web/Hosting/Schema/{(db.IsPostgres ? "postgres" : "sqlite")}):\n" + string.Join("\n", problems));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Migrate_RunTwice_SecondRunAppliesNothingAndDataStays(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, output);
        if (db is null) return;
        var expected = SchemaMigrator.Scripts(db.IsPostgres).Select(s => s.Version).ToList();

        await using var ctx = db.Collectors();
        var conn = ctx.Database.GetDbConnection();
        var first = await SchemaMigrator.MigrateAsync(conn, db.IsPostgres, TimeProvider.System, CancellationToken.None);
        ctx.SourceStates.Add(new SourceState { SourceId = "kept", Enabled = true, Runs = 3 });
        await ctx.SaveChangesAsync();
        var second = await SchemaMigrator.MigrateAsync(conn, db.IsPostgres, TimeProvider.System, CancellationToken.None);

        Assert.Equal(expected, first);
        Assert.Empty(second);
        Assert.Equal(expected, await SchemaMigrator.AppliedAsync(conn, CancellationToken.None));
        Assert.Equal(3, (await ctx.SourceStates.AsNoTracking().SingleAsync(s => s.SourceId == "kept")).Runs);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Migrate_DatabaseMadeBeforeVersioning_AdoptsVersionOneAndKeepsRows(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, output);
        if (db is null) return;
        // What the host did before the schema was versioned: each module's tables straight from its model.
        await using (var old = db.Alerts())
        {
            foreach (var statement in old.Database.GenerateCreateScript().Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
#pragma warning disable EF1002 // EF's own DDL
                if (statement.Length > 0) await old.Database.ExecuteSqlRawAsync(statement);
#pragma warning restore EF1002
            old.Subscriptions.Add(new Subscription { Email = "before@example.com", Countries = ["AF"], CreatedAt = DateTimeOffset.UnixEpoch });
            await old.SaveChangesAsync();
        }

        await MigrateAsync(db);

        await using var ctx = db.Alerts();
        Assert.Equal("before@example.com", (await ctx.Subscriptions.SingleAsync()).Email);
        Assert.Empty(await SchemaMigrator.MissingFromDatabase(ctx, CancellationToken.None));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Migrate_ManyStartingAtOnce_EachScriptAppliedOnce(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, output);
        if (db is null) return;

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var ctx = db.Web();
            return await SchemaMigrator.MigrateAsync(ctx.Database.GetDbConnection(), db.IsPostgres, TimeProvider.System, CancellationToken.None);
        }));

        var all = runs.SelectMany(r => r).ToList();
        Assert.Equal(SchemaMigrator.Scripts(db.IsPostgres).Select(s => s.Version), all.Order());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Subscriptions_RoundTrip_ListsTimesAndFlags(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, output);
        if (db is null) return;
        await MigrateAsync(db);
        var created = new DateTimeOffset(2026, 11, 27, 8, 30, 15, 123, TimeSpan.Zero);

        long id;
        await using (var ctx = db.Alerts())
        {
            var s = new Subscription
            {
                Email = "ops@example.com", Organisation = "中国电建", Countries = ["AF", "IQ"], Categories = ["terrorism"], MinLevel = 3,
                Language = "zh-CN", Frequency = "daily", Keywords = ["绑架", "kidnap"], Confirmed = true, CreatedAt = created, ConfirmedAt = created.AddMinutes(5),
            };
            ctx.Subscriptions.Add(s);
            await ctx.SaveChangesAsync();
            id = s.Id;
        }
        await using (var ctx = db.Alerts())
        {
            var s = await ctx.Subscriptions.AsNoTracking().SingleAsync(x => x.Id == id);
            Assert.Equal(["AF", "IQ"], s.Countries);
            Assert.Equal(["绑架", "kidnap"], s.Keywords);
            Assert.Equal("中国电建", s.Organisation);
            Assert.Equal(created, s.CreatedAt);
            Assert.Equal(created.AddMinutes(5), s.ConfirmedAt);
            Assert.Null(s.UnsubscribedAt);
            // Queries the matcher and the pages run: by email, by confirmed, ordered by time.
            Assert.Equal(id, (await ctx.Subscriptions.Where(x => x.Confirmed && x.Email == "ops@example.com" && x.CreatedAt <= created).OrderBy(x => x.CreatedAt).FirstAsync()).Id);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Outbox_RoundTrip_MimeBytesClaimAndDueOrder(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, output);
        if (db is null) return;
        await MigrateAsync(db);
        var t0 = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        var mime = System.Text.Encoding.UTF8.GetBytes("Subject: =?utf-8?b?5rWL6K+V?=\r\n\r\nbody\r\n").Concat(new byte[] { 0, 255, 128 }).ToArray();
        var claim = Guid.NewGuid();

        await using (var ctx = db.Alerts())
        {
            for (var i = 0; i < 3; i++)
                ctx.Outbox.Add(new OutboxMessage { Id = Guid.NewGuid(), Kind = "alert", To = $"u{i}@example.com", Subject = $"s{i}", Mime = mime, CreatedAt = t0.AddSeconds(i), NextAttemptAt = t0 });
            await ctx.SaveChangesAsync();
            var first = await ctx.Outbox.OrderBy(m => m.CreatedAt).Select(m => m.Id).FirstAsync();
            await ctx.Outbox.Where(m => m.Id == first && m.ClaimedUntil == null)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.ClaimToken, claim).SetProperty(m => m.ClaimedUntil, t0.AddMinutes(5)));
        }
        await using (var ctx = db.Alerts())
        {
            var due = await ctx.Outbox.AsNoTracking()
                .Where(m => m.SentAt == null && !m.PermanentFailure && m.NextAttemptAt <= t0 && (m.ClaimedUntil == null || m.ClaimedUntil < t0))
                .OrderBy(m => m.CreatedAt).ToListAsync();
            Assert.Equal(["u1@example.com", "u2@example.com"], due.Select(m => m.To));
            var claimed = await ctx.Outbox.AsNoTracking().SingleAsync(m => m.ClaimToken == claim);
            Assert.Equal("u0@example.com", claimed.To);
            Assert.Equal(mime, claimed.Mime);
            Assert.Equal(t0.AddMinutes(5), claimed.ClaimedUntil);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task SourceState_RoundTrip_TimesCountersAndValidators(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, output);
        if (db is null) return;
        await MigrateAsync(db);
        var at = new DateTimeOffset(2026, 11, 27, 9, 0, 0, 250, TimeSpan.Zero);
        const string Validators = """{"https://example.org/feed":{"ETag":"\"abc\"","LastModified":"Fri, 27 Nov 2026 09:00:00 GMT"}}""";

        await using (var ctx = db.Collectors())
        {
            ctx.SourceStates.Add(new SourceState
            {
                SourceId = "us-state-dept", Enabled = true, LastRun = at, LastSuccess = at, LastError = "HTTP 503 from 127.0.0.1: 服务不可用",
                ConsecutiveFailures = 2, TotalItems = 5_000_000_000, Runs = 7, Bytes = 123_456, DurationMs = 850,
                Validators = Validators,
            });
            await ctx.SaveChangesAsync();
        }
        await using (var ctx = db.Collectors())
        {
            var s = await ctx.SourceStates.AsNoTracking().SingleAsync(x => x.SourceId == "us-state-dept");
            Assert.Equal(at, s.LastRun);
            Assert.Null(s.LastFailure);
            Assert.Equal("HTTP 503 from 127.0.0.1: 服务不可用", s.LastError);
            Assert.Equal(5_000_000_000, s.TotalItems);
            Assert.Equal(Validators, s.Validators);
            s.Runs++;
            ctx.Update(s);
            await ctx.SaveChangesAsync();
            Assert.Equal(8, (await ctx.SourceStates.AsNoTracking().SingleAsync()).Runs);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task ScoreSnapshots_RoundTrip_DayUniqueAndUtcTimes(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, output);
        if (db is null) return;
        await MigrateAsync(db);
        var computed = new DateTime(2026, 11, 27, 6, 0, 0, DateTimeKind.Utc);

        await using (var ctx = db.Scoring())
        {
            ctx.CountryRiskSnapshots.Add(new CountryRiskSnapshot
            {
                Country = "AF", Day = new DateOnly(2026, 11, 27), Score = 81.25, Level = 4, SubScoresJson = """{"terrorism":41.2}""",
                DriversJson = "[]", Method = "fasttree", ComputedUtc = computed,
            });
            ctx.CountryLevelEvents.Add(new CountryLevelEvent { Country = "AF", OldLevel = 3, NewLevel = 4, OldScore = 60, NewScore = 81.25, AtUtc = computed, Summary = "恐怖袭击" });
            ctx.CountryIndicators.Add(new CountryIndicatorValue { Country = "AF", Indicator = "PV.EST", Year = 2024, Value = -2.47 });
            await ctx.SaveChangesAsync();
        }
        await using (var ctx = db.Scoring())
        {
            var s = await ctx.CountryRiskSnapshots.AsNoTracking().SingleAsync(x => x.Country == "AF" && x.Day == new DateOnly(2026, 11, 27));
            Assert.Equal(81.25, s.Score);
            Assert.Equal(computed, s.ComputedUtc.ToUniversalTime());
            var e = await ctx.CountryLevelEvents.AsNoTracking().Where(x => x.AtUtc >= computed.AddHours(-1)).SingleAsync();
            Assert.Equal("恐怖袭击", e.Summary);
            Assert.Equal(-2.47, (await ctx.CountryIndicators.AsNoTracking().SingleAsync()).Value);

            // One snapshot per country per day: the unique index holds on both providers.
            ctx.CountryRiskSnapshots.Add(new CountryRiskSnapshot { Country = "AF", Day = new DateOnly(2026, 11, 27), Method = "again", ComputedUtc = computed });
            await Assert.ThrowsAsync<DbUpdateException>(() => ctx.SaveChangesAsync());
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task ApiKeys_RoundTrip_OnTheWebHostsTables(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, output);
        if (db is null) return;
        await MigrateAsync(db);

        await using (var ctx = db.Web())
        {
            ctx.ApiKeys.Add(new ApiKey { Name = "feed-reader", KeyHash = "ab12", Roles = "Analyst", Created = DateTimeOffset.UnixEpoch.AddDays(20_000) });
            await ctx.SaveChangesAsync();
        }
        await using (var ctx = db.Web())
        {
            var k = await ctx.ApiKeys.AsNoTracking().SingleAsync(x => x.KeyHash == "ab12" && !x.Revoked);
            Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(20_000), k.Created);
        }
    }
}
