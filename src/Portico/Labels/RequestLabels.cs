namespace Portico.Labels;

/// <summary>
/// The labels a label-routed request carries, handed to the load balancer's label step, which keeps the instances of
/// <see cref="Application"/> the labels allow (the unlabelled pool when there are none). A parser that knows a
/// request's labels attaches them (<see cref="RequestLabelsExchangeExtensions.SetRequestLabels"/>; the Linkis routing
/// filter does so for every request to a label-routed application, pinned or not, so that a pinned instance that is
/// gone is replaced only by one the labels allow). Read it with <see cref="RequestLabelsExchangeExtensions.GetRequestLabels"/>.
/// </summary>
public sealed class RequestLabels
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoLabels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>Creates the labels of a request to <paramref name="application"/>.</summary>
    public RequestLabels(string application, IReadOnlyDictionary<string, IReadOnlyList<string>>? labels = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(application);
        Application = application;
        Labels = labels ?? NoLabels;
    }

    /// <summary>The registry name of the application the request goes to.</summary>
    public string Application { get; }

    /// <summary>
    /// Label key (case-sensitive, e.g. <c>route</c>, <c>engineType</c>) to the requested values; a comma-separated value
    /// is split into its values. Query labels (<c>?labels=</c>, else <c>?labelsRoute=</c>) are <c>route</c> values and
    /// take precedence over the body's <c>labels.route</c>; the body's other labels are kept as sent.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Labels { get; }

    /// <summary>Whether the request carries no label at all.</summary>
    public bool IsEmpty => Labels.Count == 0;

    /// <summary>The values requested for <paramref name="key"/>, or an empty list.</summary>
    public IReadOnlyList<string> ValuesOf(string key) => Labels.TryGetValue(key, out var values) ? values : [];

    /// <inheritdoc />
    public override string ToString() =>
        Application + "{" + string.Join(", ", Labels.Select(l => l.Key + "=" + string.Join(',', l.Value))) + "}";
}
