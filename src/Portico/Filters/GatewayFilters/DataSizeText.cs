using System.Globalization;

namespace Portico.Filters.GatewayFilters;

/// <summary>Formats sizes as Spring does in the size filters' descriptions and error messages.</summary>
internal static class DataSizeText
{
    private const string Prefixes = "kMGTPE";

    /// <summary>Spring's <c>DataSize.toString()</c>: the number of bytes followed by <c>B</c>, e.g. <c>16000B</c>.</summary>
    public static string Bytes(long bytes) => bytes.ToString(CultureInfo.InvariantCulture) + "B";

    /// <summary>A decimal, human-readable size with one decimal (<c>5.0 MB</c>, <c>1.5 kB</c>, <c>999 B</c>).</summary>
    public static string Readable(long bytes)
    {
        const int unit = 1000;
        if (bytes < unit)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        var exponent = (int)(Math.Log(bytes) / Math.Log(unit));
        exponent = Math.Min(exponent, Prefixes.Length);
        var scaled = bytes / Math.Pow(unit, exponent);
        return scaled.ToString("0.0", CultureInfo.InvariantCulture) + " " + Prefixes[exponent - 1] + "B";
    }
}
