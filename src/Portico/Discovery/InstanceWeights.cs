using System.Globalization;

namespace Portico.Discovery;

/// <summary>Reads weights written as metadata (<c>weight</c>, the key Spring Cloud LoadBalancer and Nacos use).</summary>
internal static class InstanceWeights
{
    public const string MetadataKey = "weight";

    public static bool TryParse(string? text, out int weight)
    {
        weight = 1;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) || w is < 0 or > InstanceValidator.MaxWeight)
        {
            // Fractional Nacos-style weights ("1.0") round to the nearest whole weight.
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d) || d < 0 || d > InstanceValidator.MaxWeight)
            {
                return false;
            }

            w = (int)Math.Round(d, MidpointRounding.AwayFromZero);
        }

        weight = w;
        return true;
    }

    /// <summary>The weight in <paramref name="metadata"/>, or 1 when absent or unreadable.</summary>
    public static int FromMetadata(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(MetadataKey, out var text) && TryParse(text, out var weight) ? weight : 1;
}
