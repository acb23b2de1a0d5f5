using System.Text.Json;

namespace RiskWatch.Web.Api;

/// <summary>
/// Reads a JSON request body with a size cap, so that a missing, oversized or malformed body is a
/// <see cref="BadRequestException"/> with a message a client can act on (the framework's binding would answer an empty 400).
/// </summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<T> ReadAsync<T>(HttpRequest request, long maxBytes, string example, CancellationToken ct) where T : class
    {
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new BadRequestException($"the request has no body; send JSON such as {example}");
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
        }
        catch (JsonException ex)
        {
            throw new BadRequestException($"the body is not the JSON expected ({ex.Message}); send JSON such as {example}");
        }
        return value ?? throw new BadRequestException($"the body is null; send JSON such as {example}");
    }

    private static BadRequestException TooLarge(long maxBytes) =>
        new(maxBytes >= 1024 * 1024 ? $"the body is larger than {maxBytes / (1024 * 1024)} MB" : $"the body is larger than {maxBytes / 1024} KB");
}
