using System.Reflection;
using Microsoft.Extensions.Logging;
using Portico.Logging;

namespace Portico.Tests.Logging;

public sealed class EventIdRangesTests
{
    private static IEnumerable<(MethodInfo Method, int Id)> LogMethods() =>
        typeof(EventIdRanges).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Method, x.Attribute!.EventId));

    [Fact]
    public void EventIds_AreUniqueAcrossTheEngine()
    {
        var duplicates = LogMethods()
            .GroupBy(m => m.Id)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key + ": " + string.Join(", ", g.Select(m => m.Method.DeclaringType!.Name + "." + m.Method.Name)))
            .ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void EventIds_LieInTheDeclaredBlocks()
    {
        var blocks = typeof(EventIdRanges).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (int)f.GetRawConstantValue()!)
            .ToList();

        var outside = LogMethods()
            .Where(m => !blocks.Any(b => m.Id >= b && m.Id < b + 100))
            .Select(m => m.Id + ": " + m.Method.DeclaringType!.Name + "." + m.Method.Name)
            .ToList();

        Assert.Empty(outside);
        Assert.True(LogMethods().Count() > 50);
    }
}
