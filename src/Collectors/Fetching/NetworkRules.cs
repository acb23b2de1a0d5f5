using System.Net;
using System.Net.Sockets;

namespace RiskWatch.Collectors.Fetching;

/// <summary>Which addresses a source may reach. Checked on the URL and again on every address DNS returns, at connect time, so a public name that resolves to a private address is refused too.</summary>
internal static class NetworkRules
{
    public static bool IsPrivate(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.IPv6None)) return true;
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            return b[0] == 10 || b[0] == 127 || b[0] == 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] >= 224;
        }
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = ip.GetAddressBytes();
            return ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC;
        }
        return true;
    }

    /// <summary>A reason to refuse the URL before any connection, or null.</summary>
    public static string? Refuse(Uri url, bool allowPrivate)
    {
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) return $"only http and https URLs are fetched, not {url.Scheme}: {url}";
        if (allowPrivate) return null;
        if (url.IsLoopback || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return $"{url.Host} is a loopback address; set AllowPrivateNetwork for this source to fetch it";
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IsPrivate(ip))
            return $"{url.Host} is a private or loopback address; set AllowPrivateNetwork for this source to fetch it";
        return null;
    }
}

/// <summary>Raised inside the connect callback when DNS gives a private address; surfaces as a non-transient fetch failure.</summary>
internal sealed class RefusedAddressException(string message) : IOException(message);
