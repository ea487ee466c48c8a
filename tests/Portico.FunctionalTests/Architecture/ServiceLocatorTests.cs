using System.Reflection;
using System.Runtime.Loader;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portico.Configuration;
using Portico.Filters;
using Portico.FunctionalTests.Server;

namespace Portico.FunctionalTests.Architecture;

/// <summary>
/// No service locator: production types take their dependencies in their constructors, and the container that a full
/// Linkis-enabled gateway builds validates with no cycle. A lazy <see cref="IServiceProvider"/> lookup hides a cycle
/// (an arrow pointing up) from the container's validation.
/// </summary>
public sealed class ServiceLocatorTests
{
    /// <summary>Types allowed to take an <see cref="IServiceProvider"/>, each with the reason. None today.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal);

    [Fact]
    public void ProductionTypes_DoNotTakeServiceProviderInConstructors()
    {
        var offenders = ProductionAssemblies()
            .SelectMany(LoadableTypes)
            .Where(t => !Allowed.ContainsKey(t.FullName ?? t.Name))
            .Where(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IServiceProvider))))
            .Select(t => $"{t.FullName} ({t.Assembly.GetName().Name})")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, "Constructors take IServiceProvider (a service locator): " + string.Join(", ", offenders));
    }

    [Fact]
    public void ProductionAssemblies_AreTheCoreTheLinkisModeAndTheExecutable()
    {
        // The check above would pass vacuously over assemblies it could not load.
        Assert.Equal(["Portico.Core", "Portico.Linkis", "portico"], ProductionAssemblies().Select(a => a.GetName().Name));
    }

    [Fact]
    public async Task LinkisGateway_ContainerValidatesOnBuild()
    {
        var directory = Directory.CreateTempSubdirectory("portico-di-").FullName;
        try
        {
            var path = Path.Combine(directory, "portico.yml");
            await File.WriteAllTextAsync(path, """
                portico:
                  linkis:
                    enabled: true
                  linkis-security:
                    enabled: true
                    crypt-key: 0123456789abcdef0123456789abcdef
                """);
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = directory });
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddPorticoFile(path, new ConfigFileStatus());
            builder.Host.UseDefaultServiceProvider(o =>
            {
                o.ValidateOnBuild = true;
                o.ValidateScopes = true;
            });
            builder.Services.AddPortico().AddLinkis();

            // ValidateOnBuild throws here on a cycle or a missing dependency.
            var app = builder.Build();

            // Forwarding registrations (sp => sp.GetRequiredService<T>()) hide their edge from the validation, so the
            // graph is built too; a cycle behind one never finishes building (the snapshot provider is built from every
            // global filter).
            var services = app.Services;
            var built = Task.Run(() =>
            {
                Assert.NotNull(services.GetRequiredService<IGatewaySnapshotProvider>().Current);
                Assert.Contains(services.GetServices<IGlobalFilter>(), f => f is Portico.Security.Linkis.LinkisSecurityFilter);
                Assert.Contains(services.GetServices<IHostedService>(), s => s is Portico.Security.Linkis.LinkisSecurityStartup);
                Assert.NotEmpty(services.GetServices<Portico.Hosting.IPorticoEndpointContributor>());
            });
            var finished = await Task.WhenAny(built, Task.Delay(TimeSpan.FromSeconds(30)));
            // On a time-out the app is left undisposed: disposing would wait on the stuck construction.
            Assert.True(finished == built, "Building the gateway's services did not finish in 30 s: a construction cycle hides behind a factory registration.");
            await built;
            await app.DisposeAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file a stuck construction still holds; the temporary directory is left behind.
            }
        }
    }

    private static IEnumerable<Assembly> ProductionAssemblies()
    {
        yield return typeof(PorticoConfig).Assembly;
        yield return typeof(Portico.Linkis.LinkisConfig).Assembly;
        yield return AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == "portico")
            ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(PorticoProcess.ServerDll);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
