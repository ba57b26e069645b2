using System.Net;
using System.Net.Sockets;

namespace IssueTracker.Web.Webhooks;

/// <summary>
/// The SSRF guard of webhooks: a space admin chooses the URL, and the server calls it, so without this a webhook could
/// reach the server's own loopback, the private network behind it, or a cloud metadata service. Only global unicast
/// addresses are allowed (IPv4 outside the special-purpose ranges; IPv6 in 2000::/3 outside the tunnel and
/// documentation ranges, which can carry an IPv4 address inside), on port 80, 443 or 1024-65535. Checked when a webhook
/// is saved (for a clear 400) and again for every connection, after DNS (a name can change what it resolves to after
/// it was checked: DNS rebinding). One answer for every address that is refused or does not resolve, so the check
/// does not tell which internal names exist. <c>IssueTracker:Webhooks:AllowPrivateNetworks</c> turns the address part off.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>The one answer for an address a webhook may not use, whatever the reason.</summary>
    public const string Unreachable = "This address cannot be reached from the server; a webhook needs a public address.";

    private static readonly (IPAddress Network, int Bits)[] ForbiddenV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network"
        (IPAddress.Parse("10.0.0.0"), 8),       // private
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, cloud metadata (169.254.169.254)
        (IPAddress.Parse("172.16.0.0"), 12),    // private
        (IPAddress.Parse("192.0.0.0"), 24),     // protocol assignments
        (IPAddress.Parse("192.0.2.0"), 24),     // documentation
        (IPAddress.Parse("192.88.99.0"), 24),   // 6to4 relays
        (IPAddress.Parse("192.168.0.0"), 16),   // private
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("198.51.100.0"), 24),  // documentation
        (IPAddress.Parse("203.0.113.0"), 24),   // documentation
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved, broadcast
    ];

    // IPv6 must be global unicast (2000::/3): that leaves out ::, ::1, ::/96 (IPv4-compatible), ::ffff:0:0/96 (mapped,
    // checked as IPv4 instead), 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64), fc00::/7, fe80::/10, ff00::/8. Within it:
    private static readonly (IPAddress Network, int Bits)[] ForbiddenGlobalV6 =
    [
        (IPAddress.Parse("2001::"), 23),        // IETF protocol assignments, Teredo (2001::/32) among them
        (IPAddress.Parse("2001:db8::"), 32),    // documentation
        (IPAddress.Parse("2002::"), 16),        // 6to4: an IPv4 address in disguise
    ];

    private static readonly (IPAddress Network, int Bits) GlobalUnicastV6 = (IPAddress.Parse("2000::"), 3);

    /// <summary>True for an address a webhook must not reach.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork) return ForbiddenV4.Any(r => InRange(address, r.Network, r.Bits));
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true;
        return !InRange(address, GlobalUnicastV6.Network, GlobalUnicastV6.Bits) || ForbiddenGlobalV6.Any(r => InRange(address, r.Network, r.Bits));
    }

    /// <summary>Ports a webhook may use: the web's own, and the unprivileged ones (not SSH, SMTP, databases below 1024).</summary>
    public static bool IsAllowedPort(int port) => port is 80 or 443 or (>= 1024 and <= 65535);

    /// <summary>
    /// Null when <paramref name="url"/> may be a webhook's address; otherwise why not, for the <c>url</c> field. Resolves
    /// the host name unless private networks are allowed.
    /// </summary>
    public static async Task<string?> ProblemAsync(string? url, bool allowPrivateNetworks, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url)) return "A URL is required.";
        if (url.Length > 2000) return "A URL is at most 2000 characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return "The URL must be an absolute http or https address.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "Put credentials in the secret or the receiver's own settings, not in the URL.";
        if (!IsAllowedPort(uri.Port)) return "A webhook may use port 80, 443 or 1024 to 65535.";
        if (allowPrivateNetworks) return null;
        try
        {
            var addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
            return addresses.Length == 0 || addresses.Any(IsForbidden) ? Unreachable : null;
        }
        catch (SocketException)
        {
            return Unreachable;
        }
    }

    /// <summary>
    /// Connects a webhook's HTTP client only to allowed addresses of the host, resolved now: the check that counts.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        if (!IsAllowedPort(context.DnsEndPoint.Port)) throw new HttpRequestException(Unreachable);
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            throw new HttpRequestException(Unreachable);
        }
        var allowed = addresses.Where(a => !IsForbidden(a)).ToArray();
        if (allowed.Length == 0) throw new HttpRequestException(Unreachable);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool InRange(IPAddress address, IPAddress network, int bits)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length) return false;
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask)) return false;
        }
        return true;
    }
}
