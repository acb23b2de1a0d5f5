using MimeKit;
using RiskWatch.Core;

namespace RiskWatch.Web.Api;

/// <summary>
/// With no SMTP server configured, mail goes to the pickup folder <c>&lt;data&gt;/mail</c>; this lists it
/// (<c>GET /api/mail</c>, Admin) and the Outbox page shows it.
/// </summary>
public static class MailApi
{
    public sealed record MailDto(string File, DateTimeOffset Date, string To, string Subject);

    public static void MapMailApi(this WebApplication app)
    {
        app.MapGet("/api/mail", (IConfiguration config, int? take) => TypedResults.Ok(List(config, take ?? 100)))
            .WithTags("Mail").RequireAuthorization(Hosting.Roles.Admin)
            .WithSummary("Messages written to the pickup folder, newest first (Admin)");
    }

    public static IReadOnlyList<MailDto> List(IConfiguration config, int take)
    {
        var dir = RiskWatchPaths.Sub(config, "mail");
        var result = new List<MailDto>();
        foreach (var file in new DirectoryInfo(dir).EnumerateFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc).Take(Math.Clamp(take, 1, 1000)))
        {
            try
            {
                using var stream = file.OpenRead();
                var headers = HeaderList.Load(stream);
                result.Add(new MailDto(file.Name, DateTimeOffset.TryParse(headers[HeaderId.Date], out var d) ? d : file.LastWriteTimeUtc,
                    Decode(headers[HeaderId.To]), Decode(headers[HeaderId.Subject])));
            }
            catch (Exception ex) when (ex is IOException or FormatException or ParseException)
            {
                result.Add(new MailDto(file.Name, file.LastWriteTimeUtc, "", $"(unreadable: {ex.Message})"));
            }
        }
        return result;
    }

    private static string Decode(string? header) => header is null ? "" : MimeKit.Utils.Rfc2047.DecodeText(System.Text.Encoding.ASCII.GetBytes(header));
}
