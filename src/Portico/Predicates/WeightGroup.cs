namespace Portico.Predicates;

/// <summary>
/// The routes of one <c>Weight</c> group, collected while the route table is built and frozen into cumulative ranges
/// once every route is known. A request draws once per group; the route whose range holds the draw is the chosen one.
/// </summary>
internal sealed class WeightGroup
{
    private readonly List<WeightMember> _members = [];
    private WeightMember[] _frozen = [];
    private long[] _upperBounds = [];
    private long _total;

    public WeightGroup(string name)
    {
        Name = name;
        AttributeKey = "portico.weight." + name;
    }

    public string Name { get; }

    /// <summary>The exchange attribute that holds the group's choice for the current request.</summary>
    public string AttributeKey { get; }

    /// <summary>The sum of the weights; zero means no route of the group is ever chosen.</summary>
    public long Total => _total;

    public bool Contains(string routeId) => _members.Exists(m => m.RouteId == routeId);

    public WeightMember Add(string routeId, int weight)
    {
        var member = new WeightMember(routeId, weight);
        _members.Add(member);
        return member;
    }

    /// <summary>Computes the ranges; runs once all routes have been built.</summary>
    public void Freeze()
    {
        _frozen = [.. _members];
        _upperBounds = new long[_frozen.Length];
        long total = 0;
        for (var i = 0; i < _frozen.Length; i++)
        {
            total += _frozen[i].Weight;
            _upperBounds[i] = total;
        }

        _total = total;
    }

    /// <summary>The member whose range holds <paramref name="draw"/> (in [0, 1)), or null when all weights are zero.</summary>
    public WeightMember? Choose(double draw)
    {
        if (_total == 0)
        {
            return null;
        }

        var point = Math.Clamp((long)(draw * _total), 0, _total - 1);
        var bounds = _upperBounds;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (point < bounds[i])
            {
                return _frozen[i];
            }
        }

        return _frozen[^1];
    }
}

/// <summary>One route's share of a <see cref="WeightGroup"/>.</summary>
internal sealed class WeightMember(string routeId, int weight)
{
    public string RouteId { get; } = routeId;

    public int Weight { get; } = weight;
}
