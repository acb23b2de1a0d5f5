using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RiskWatch.Web.Pages;

/// <summary>Staff sign-in (analysts, briefing officers, admins). Enterprises never need an account.</summary>
public sealed class LoginModel(SignInManager<IdentityUser> signIn) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(returnUrl) ? AsciiUrl(returnUrl!) : "/");
        Error = result.IsLockedOut ? "locked" : "failed";
        return Page();
    }

    /// <summary>
    /// A local URL with its non-ASCII characters percent-encoded: a return URL such as /search?q=地震 arrives decoded, and a
    /// Location header may carry only ASCII (the server refuses the response otherwise).
    /// </summary>
    internal static string AsciiUrl(string localUrl)
    {
        var sb = new System.Text.StringBuilder(localUrl.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in localUrl.EnumerateRunes())
        {
            if (rune.IsAscii) { sb.Append((char)rune.Value); continue; }
            int n = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..n]) sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

/// <summary>Sign-out (POST only, with the anti-forgery token).</summary>
public sealed class LogoutModel(SignInManager<IdentityUser> signIn) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
