using System.Net;
using System.Net.Sockets;

namespace IssueTracker.Web.Services;

/// <summary>
/// The SSRF guard of webhooks: a space admin chooses the URL, and the server calls it, so without this a webhook could
/// reach the server's own loopback, the private network behind it, or a cloud metadata service. Checked when a
/// webhook is saved (for a clear 400) and again for every connection, after DNS (a name can change what it resolves
/// to after it was checked: DNS rebinding). <c>IssueTracker:Webhooks:AllowPrivateNetworks</c> turns it off.
/// </summary>
public static class WebhookAddresses
{
    private static readonly (IPAddress Network, int Bits)[] ForbiddenV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network"
        (IPAddress.Parse("10.0.0.0"), 8),       // private
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, cloud metadata (169.254.169.254)
        (IPAddress.Parse("172.16.0.0"), 12),    // private
        (IPAddress.Parse("192.0.0.0"), 24),     // protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),   // private
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved, broadcast
    ];

    private static readonly (IPAddress Network, int Bits)[] ForbiddenV6 =
    [
        (IPAddress.IPv6None, 128),              // ::
        (IPAddress.IPv6Loopback, 128),          // ::1
        (IPAddress.Parse("64:ff9b::"), 96),     // NAT64: an IPv4 address in disguise
        (IPAddress.Parse("fc00::"), 7),         // unique local (AWS metadata's fd00:ec2::254 too)
        (IPAddress.Parse("fe80::"), 10),        // link-local
        (IPAddress.Parse("fec0::"), 10),        // site-local
        (IPAddress.Parse("ff00::"), 8),         // multicast
    ];

    /// <summary>True for an address a webhook must not reach.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var ranges = address.AddressFamily == AddressFamily.InterNetwork ? ForbiddenV4 : ForbiddenV6;
        return ranges.Any(r => InRange(address, r.Network, r.Bits));
    }

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
        if (allowPrivateNetworks) return null;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return $"The host '{uri.Host}' could not be resolved.";
        }
        return addresses.Length == 0 ? $"The host '{uri.Host}' could not be resolved."
            : addresses.Any(IsForbidden) ? "Webhooks may not call loopback, private, link-local or metadata addresses."
            : null;
    }

    /// <summary>
    /// Connects a webhook's HTTP client only to allowed addresses of the host, resolved now: the check that counts.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(a => !IsForbidden(a)).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException($"Refused: {host} resolves only to loopback, private, link-local or metadata addresses.");
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
