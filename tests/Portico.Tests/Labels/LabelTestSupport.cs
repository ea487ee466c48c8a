using Microsoft.Extensions.Logging.Abstractions;
using Portico.Labels;

namespace Portico.Tests.Labels;

/// <summary>Builds label stores for unit tests.</summary>
internal static class LabelTestSupport
{
    /// <summary>An in-memory store with a manual clock.</summary>
    public static LabelStore MemoryStore(ManualTimeProvider? time = null) =>
        new(new MemoryLabelPersistence(), time ?? new ManualTimeProvider(), NullLogger<LabelStore>.Instance);

    /// <summary>A store over <c>labels.db</c> in <paramref name="directory"/>.</summary>
    public static LabelStore SqliteStore(string directory, ManualTimeProvider? time = null) =>
        new(new SqliteLabelPersistence(directory), time ?? new ManualTimeProvider(), NullLogger<LabelStore>.Instance);

    /// <summary>Labels from <c>key=value</c> texts.</summary>
    public static InstanceLabel[] Pairs(params string[] pairs) =>
        [.. pairs.Select(p => p.Split('=', 2)).Select(p => new InstanceLabel(p[0], p[1]))];

    /// <summary>Sets labels and asserts success.</summary>
    public static async Task<InstanceLabels> LabelAsync(this ILabelStore store, string application, string instance, params string[] pairs)
    {
        var result = await store.ReplaceAsync(application, instance, Pairs(pairs));
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Instance!;
    }

    /// <summary>The labels of an entry as <c>key=value</c> texts, in key order.</summary>
    public static string[] Texts(InstanceLabels? entry) => entry is null ? [] : [.. entry.Labels.Select(l => l.ToString())];
}
