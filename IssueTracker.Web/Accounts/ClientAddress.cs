using System.Net;
using System.Net.Sockets;

namespace IssueTracker.Web.Accounts;

/// <summary>The key a client's address is counted under by the limits before sign-in.</summary>
public static class ClientAddress
{
    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64 network, which one subscriber usually holds whole (a home or
    /// a cloud machine is given a /64 or more), so stepping through its addresses does not buy new allowances.
    /// </summary>
    public static string Key(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
