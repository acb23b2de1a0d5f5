using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using RiskWatch.Web.Hosting;

namespace RiskWatch.Web.Api;

/// <summary>Sign-in for staff (cookie) and API keys for API clients (Admin creates them).</summary>
public static class AccountApi
{
    public sealed record LoginRequest(string Email, string Password);
    public sealed record MeResponse(string? Name, IReadOnlyList<string> Roles);
    public sealed record ApiKeyRequest(string Name, IReadOnlyList<string> Roles);
    public sealed record ApiKeyCreated(int Id, string Name, string Key, IReadOnlyList<string> Roles);

    public static void MapAccountApi(this WebApplication app)
    {
        var g = app.MapGroup("/api/account").WithTags("Account");
        g.MapPost("/login", async (LoginRequest req, SignInManager<IdentityUser> signIn) =>
        {
            var result = await signIn.PasswordSignInAsync(req.Email ?? "", req.Password ?? "", isPersistent: true, lockoutOnFailure: true);
            return result.Succeeded ? Results.NoContent()
                : result.IsLockedOut ? Results.Problem("too many failed attempts; try again later", statusCode: 429, title: "Locked out")
                : Results.Problem("wrong email or password", statusCode: 401, title: "Sign-in failed");
        }).WithSummary("Sign in with email and password (sets the session cookie)");
        g.MapPost("/logout", async (SignInManager<IdentityUser> signIn) => { await signIn.SignOutAsync(); return Results.NoContent(); })
            .WithSummary("Sign out");
        g.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(user.Identity?.IsAuthenticated == true ? user.Identity.Name : null,
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList())))
            .WithSummary("Who the caller is and which roles they hold");

        app.MapPost("/api/apikeys", async (ApiKeyRequest req, WebDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(req.Name)) return Results.Problem("name is required", statusCode: 400, title: "Bad request");
            var unknown = (req.Roles ?? []).Where(r => !Roles.All.Contains(r)).ToList();
            if (unknown.Count > 0) return Results.Problem($"unknown roles: {string.Join(", ", unknown)}", statusCode: 400, title: "Bad request");
            var key = ApiKeyAuthentication.NewKey();
            var row = new ApiKey { Name = req.Name.Trim(), KeyHash = ApiKeyAuthentication.Hash(key), Roles = string.Join(',', req.Roles ?? []), Created = time.GetUtcNow() };
            db.ApiKeys.Add(row);
            await db.SaveChangesAsync(ct);
            return Results.Ok(new ApiKeyCreated(row.Id, row.Name, key, req.Roles ?? []));
        }).WithTags("Account").RequireAuthorization(Roles.Admin).WithSummary("Create an API key with roles (Admin); the key is shown once");
    }
}
