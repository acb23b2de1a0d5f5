using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RiskWatch.Core;

namespace RiskWatch.Alerts;

/// <summary>What a link token may be used for. A token made for one purpose is refused for every other.</summary>
public enum TokenPurpose { Confirm = 1, Manage = 2, Unsubscribe = 3, Feedback = 4 }

/// <summary>
/// Signed link tokens: base64url(subscription id) "." base64url(HMAC-SHA256(key, purpose | id | scope)[0..16]).
/// The id is readable but changing it, the purpose or the scope (the item of a feedback link) breaks the MAC.
/// </summary>
public sealed class LinkTokens
{
    private readonly byte[] _key;

    public LinkTokens(IOptions<AlertsOptions> options, IConfiguration config)
        : this(LoadKey(options.Value.SigningKey, config)) { }

    internal LinkTokens(byte[] key) => _key = key;

    public string Create(long subscriptionId, TokenPurpose purpose, string scope = "")
    {
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, subscriptionId);
        return Base64Url(id) + "." + Base64Url(Mac(subscriptionId, purpose, scope));
    }

    /// <summary>The subscription id when the token is genuine for this purpose and scope; null otherwise.</summary>
    public long? Verify(string? token, TokenPurpose purpose, string scope = "")
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var dot = token.IndexOf('.');
        if (dot <= 0) return null;
        byte[] idBytes, mac;
        try
        {
            idBytes = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException) { return null; }
        if (idBytes.Length != 8) return null;
        var id = BinaryPrimitives.ReadInt64BigEndian(idBytes);
        return CryptographicOperations.FixedTimeEquals(mac, Mac(id, purpose, scope)) ? id : null;
    }

    private byte[] Mac(long id, TokenPurpose purpose, string scope)
    {
        var data = Encoding.UTF8.GetBytes($"{(int)purpose}|{id}|{scope}");
        return HMACSHA256.HashData(_key, data).AsSpan(0, 16).ToArray();
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] LoadKey(string? configured, IConfiguration config)
    {
        if (!string.IsNullOrEmpty(configured)) return SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        var path = Path.Combine(RiskWatchPaths.Sub(config, "keys"), "alerts-signing.key");
        for (int attempt = 0; ; attempt++)
        {
            if (File.Exists(path))
            {
                var text = File.ReadAllText(path).Trim();
                if (text.Length > 0) return Convert.FromBase64String(text);
                if (attempt > 20) throw new InvalidOperationException($"The signing key file {path} is empty.");
                Thread.Sleep(50); // another process is writing it right now
                continue;
            }
            var key = RandomNumberGenerator.GetBytes(32);
            var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(tmp, Convert.ToBase64String(key));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try
            {
                // No overwrite: when two processes race, the first key wins and the loser reads it.
                File.Move(tmp, path, overwrite: false);
                return key;
            }
            catch (IOException)
            {
                File.Delete(tmp);
            }
        }
    }
}
