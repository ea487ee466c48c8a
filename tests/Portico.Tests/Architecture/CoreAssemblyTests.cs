using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Portico.Configuration;

namespace Portico.Tests.Architecture;

/// <summary>
/// The core (Portico.Core) never names a module: the Linkis mode plugs in through the core's extension points, so a
/// reference from the core to Portico.Linkis is an arrow pointing up.
/// </summary>
public sealed class CoreAssemblyTests
{
    private static readonly Assembly Core = typeof(PorticoConfig).Assembly;

    [Theory]
    [InlineData("Portico.Linkis")]
    public void Core_DoesNotReferenceModule(string module)
    {
        var referenced = TypesReferencedFrom(Core, module);

        Assert.True(referenced.Count == 0, $"Portico.Core references {module}: {string.Join(", ", referenced)}.");
        Assert.DoesNotContain(module, Core.GetReferencedAssemblies().Select(a => a.Name));
    }

    [Fact]
    public void TypesReferencedFrom_FindsTheModuleTypesAnAssemblyNames()
    {
        // The check above would pass vacuously if it could not see references: the Linkis assembly names core types.
        var linkis = typeof(Portico.Linkis.LinkisConfig).Assembly;

        Assert.Contains(TypesReferencedFrom(linkis, "Portico.Core"), t => t.StartsWith("Portico.Configuration.PorticoConfig (used by ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The types of <paramref name="module"/> that <paramref name="assembly"/> names, each with the types of
    /// <paramref name="assembly"/> whose signatures mention it: <c>Module.Type (used by Core.Type, ...)</c>.
    /// </summary>
    private static List<string> TypesReferencedFrom(Assembly assembly, string module)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var handle in reader.TypeReferences)
        {
            var type = reader.GetTypeReference(handle);
            if (type.ResolutionScope.Kind == HandleKind.AssemblyReference
                && reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name) == module)
            {
                names.Add(reader.GetString(type.Namespace) + "." + reader.GetString(type.Name));
            }
        }

        return [.. names.Order(StringComparer.Ordinal).Select(name => Describe(assembly, name))];
    }

    private static string Describe(Assembly assembly, string referenced)
    {
        var users = assembly.GetTypes()
            .Where(t => SignatureTypes(t).Any(s => s.FullName == referenced))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();
        return users.Count == 0 ? referenced : $"{referenced} (used by {string.Join(", ", users)})";
    }

    /// <summary>The types a type's declaration mentions: base, interfaces, fields, properties, method signatures.</summary>
    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        IEnumerable<Type> direct =
        [
            .. type.BaseType is null ? [] : new[] { type.BaseType },
            .. type.GetInterfaces(),
            .. type.GetFields(All).Select(f => f.FieldType),
            .. type.GetProperties(All).Select(p => p.PropertyType),
            .. type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)),
            .. type.GetConstructors(All).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)),
        ];
        return direct.SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type) =>
        type.HasElementType ? Expand(type.GetElementType()!)
        : type.IsGenericType ? type.GetGenericArguments().SelectMany(Expand).Append(type.GetGenericTypeDefinition())
        : [type];
}
