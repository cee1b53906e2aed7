using System.Text.RegularExpressions;

namespace Tutorials.Tests;

/// <summary>What a stored notebook output must never carry: the host's addresses, or the script that the
/// <c>dotnet-interactive</c> Jupyter kernel puts into its first output to load its HTTP API (it probes the host's
/// addresses and fetches require.js from a CDN).</summary>
internal static partial class HostDetails
{
    private static readonly string[] KernelScriptMarkers =
        ["dotnet-interactive-this-cell", "probeAddresses", "cdnjs.cloudflare.com", "require.min.js", "localhost"];

    /// <summary>Fails when <paramref name="outputsJson"/> (serialized outputs) holds an IPv4 address or a marker of the kernel's script.</summary>
    public static void AssertAbsent(string outputsJson)
    {
        foreach (var marker in KernelScriptMarkers)
        {
            Assert.DoesNotContain(marker, outputsJson, StringComparison.Ordinal);
        }

        var address = Ipv4Address().Match(outputsJson);
        Assert.False(address.Success, $"an output holds an IP address: {address.Value}");
    }

    [GeneratedRegex(@"(?<![\d.])\d{1,3}(\.\d{1,3}){3}(?![\d.])")]
    private static partial Regex Ipv4Address();
}
