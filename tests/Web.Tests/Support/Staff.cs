using Microsoft.Extensions.DependencyInjection;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Tests.Support;

/// <summary>Creates API keys with roles directly in the app's database, as an admin would through <c>POST /api/apikeys</c>.</summary>
public static class Staff
{
    public static async Task<HttpClient> ClientWithRoleAsync(RiskWatchApp app, params string[] roles)
    {
        var client = app.CreateClient();
        if (roles.Length == 0) return client;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        var key = ApiKeyAuthentication.NewKey();
        db.ApiKeys.Add(new ApiKey { Name = string.Join('+', roles), KeyHash = ApiKeyAuthentication.Hash(key), Roles = string.Join(',', roles), Created = DateTimeOffset.UnixEpoch });
        await db.SaveChangesAsync();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, key);
        return client;
    }
}
