using Portico.Linkis;
using Portico.Security.Linkis;

// In the configuration's own namespace, so every reader of PorticoConfig keeps writing config.Linkis as before the
// Linkis sections became module sections.
namespace Portico.Configuration;

/// <summary>The Linkis mode's sections of a <see cref="PorticoConfig"/>, read as if they were its own properties.</summary>
public static class LinkisConfigExtensions
{
    extension(PorticoConfig config)
    {
        /// <summary>Apache Linkis gateway compatibility (<c>linkis</c>); defaults when the configuration has none.</summary>
        public LinkisConfig Linkis => config.GetSection<LinkisConfig>();

        /// <summary>Linkis authentication: tickets, sessions, password logins, proxy users (<c>linkis-security</c>).</summary>
        public LinkisSecurityConfig LinkisSecurity => config.GetSection<LinkisSecurityConfig>();
    }
}
