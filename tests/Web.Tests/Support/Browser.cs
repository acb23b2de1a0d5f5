using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace RiskWatch.Web.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright (nothing is downloaded), against the app on a real loopback port.</summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    public IBrowser Chromium { get; }

    private Browser(IPlaywright playwright, IBrowser chromium) { _playwright = playwright; Chromium = chromium; }

    /// <summary>Null (with a message on the test output) when Chromium is not installed; scripts/test.sh installs it.</summary>
    public static async Task<Browser?> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Console.WriteLine($"browser test not run: {ChromiumPath} is missing (apt-get install chromium; scripts/test.sh does it)");
            return null;
        }
        var pw = await Playwright.CreateAsync();
        var chromium = await pw.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new Browser(pw, chromium);
    }

    /// <summary>A page with generous timeouts: the suite shares two cores with the app under test.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Chromium.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);
        return page;
    }

    /// <summary>
    /// A page signed in as a new staff member of <paramref name="role"/> (password "correct-horse-battery"), through the
    /// sign-in form with <paramref name="path"/> as its return URL, once that page has opened.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(RiskWatchApp app, string url, string email, string role, string path)
    {
        var (ok, message) = await RiskWatch.Web.Hosting.AccountVerbs.EnsureUserAsync(app.Services, email, "correct-horse-battery", role);
        Assert.True(ok, message);
        var page = await NewPageAsync();
        await page.GotoAsync(url + "/login?ReturnUrl=" + Uri.EscapeDataString(path));
        await SignInAsync(page, email, "correct-horse-battery");
        await page.WaitForURLAsync("**" + path);
        return page;
    }

    /// <summary>Fills and sends the sign-in form the page shows.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form button[type=submit]");
    }

    /// <summary>Starts the app on Kestrel at a free loopback port and returns its base address.</summary>
    public static string Serve(RiskWatchApp app)
    {
        app.UseKestrel(0);
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
