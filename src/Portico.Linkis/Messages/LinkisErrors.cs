using System.Globalization;
using System.Text;

namespace Portico.Linkis.Messages;

/// <summary>
/// The error codes and texts of the Linkis gateway's parsing and routing steps, exactly as Linkis writes them (English
/// text followed by the Chinese text in parentheses). Defined once here and used by code and tests alike.
/// </summary>
public static class LinkisErrors
{
    /// <summary>The Java class name Linkis reports for 11011 and 11012.</summary>
    public const string GatewayErrorException = "GatewayErrorException";

    /// <summary>The Java class name Linkis reports for 11010.</summary>
    public const string TooManyServiceException = "TooManyServiceException";

    /// <summary>The Java class name Linkis reports for 10050.</summary>
    public const string NoApplicationExistsException = "NoApplicationExistsException";

    /// <summary>The Java class name Linkis reports for 10051.</summary>
    public const string NoInstanceExistsException = "NoInstanceExistsException";

    /// <summary>11010: a service id matches several registry names.</summary>
    public const int TooManyServicesCode = 11010;

    /// <summary>11011: label routing found nothing (three texts share the code).</summary>
    public const int CannotRouteCode = 11011;

    /// <summary>11012: label-routed candidates are not in the registry.</summary>
    public const int CannotFindInstanceCode = 11012;

    /// <summary>10050: a service id matches no registry name.</summary>
    public const int NoApplicationCode = 10050;

    /// <summary>10051: a requested instance is not registered (only while waiting for registry refreshes).</summary>
    public const int NoInstanceCode = 10051;

    /// <summary>11010 text; {0} = parsed service id, {1} = the matching names as a Scala list, <c>List(a, b)</c>.</summary>
    public const string TooManyServicesFormat =
        "Cannot find a correct serviceId for parsedServiceId:{0}, service list are:{1}(无法为 parsedServiceId:{0} 找到正确的 serviceId，服务列表为：{1})";

    /// <summary>11011 text when route labels match no instance; {0} = request path, {1} = the labels as a JSON array.</summary>
    public const string CannotRouteByLabelFormat =
        "Cannot route to the corresponding service, URL:{0} RouteLabel:{1}(无法路由到相应的服务，URL：{0} RouteLabel: {1})";

    /// <summary>11011 text when the candidate list is empty; {0} = request path.</summary>
    public const string NoServicesInRegistryFormat =
        "There are no services available in the registry URL:{0} (注册表 URL 中没有可用的服务)";

    /// <summary>11011 text when the labelled instances belong to other applications.</summary>
    public const string NoRouteLabelService =
        "There is no route label service with the corresponding app name (没有对应app名称的路由标签服务)";

    /// <summary>11012 text; {0} = the application names.</summary>
    public const string CannotFindInstanceFormat =
        "Cannot find an instance in the routing chain of serviceId:{0} , please retry (在 serviceId:{0} 的路由链中找不到实例，请重试)";

    /// <summary>10050 text; {0} = the service id.</summary>
    public const string NoApplicationFormat = "Application {0} does not exist any instances(应用程序 {0} 不存在任何实例)";

    /// <summary>10051 text; {0} = the instance, {1} = the application (Linkis uses the same order in both languages).</summary>
    public const string NoInstanceFormat = "The instance:{0} of application {1} does not exist(应用程序:{0} 的实例:{1} 不存在).";

    /// <summary>Version mismatch; {0} = configured version, {1} = requested version (no space after "gateway", as in Linkis).</summary>
    public const string VersionNotSupportedFormat = "The gateway{0} not support version {1}.";

    /// <summary>No parser or default rule knows the path; {0} = the path.</summary>
    public const string NoServiceForPathFormat = "Cannot find a service to deal {0}, ignore it.";

    /// <summary>A required result-set-cache key is missing from the query and the body; {0} = the key.</summary>
    public const string KeyDoesNotExistFormat = "{0} does not exist.";

    /// <summary>
    /// An execID that cannot be decoded; {0} = the execID, {1} = why. Portico's text: Linkis answers with the text of
    /// the Java exception its decoder happens to throw.
    /// </summary>
    public const string InvalidExecIdFormat = "Invalid execID {0}: {1}.";

    /// <summary>The answer when a parser or router fails unexpectedly (the failure itself is logged, never sent).</summary>
    public const string InternalError = "The gateway failed to parse or route the request; the failure has been logged.";

    /// <summary>The text of the client heartbeat answer.</summary>
    public const string HeartbeatOk = "Gateway heartbeat ok!";

    /// <summary>11010 for <paramref name="parsedServiceId"/> matching every name in <paramref name="services"/>.</summary>
    public static LinkisErrorException TooManyServices(string parsedServiceId, IEnumerable<string> services) =>
        new(TooManyServicesCode, Format(TooManyServicesFormat, parsedServiceId, ScalaList(services)), TooManyServiceException);

    /// <summary>11011: the route labels <paramref name="routeLabelsJson"/> of the request to <paramref name="path"/> match no instance.</summary>
    public static LinkisErrorException CannotRouteByLabel(string path, string routeLabelsJson) =>
        new(CannotRouteCode, Format(CannotRouteByLabelFormat, path, routeLabelsJson), GatewayErrorException);

    /// <summary>11011: no candidate instance at all for the request to <paramref name="path"/>.</summary>
    public static LinkisErrorException NoServicesInRegistry(string path) =>
        new(CannotRouteCode, Format(NoServicesInRegistryFormat, path), GatewayErrorException);

    /// <summary>11011: the labelled instances belong to other applications.</summary>
    public static LinkisErrorException NoRouteLabelServiceError() =>
        new(CannotRouteCode, NoRouteLabelService, GatewayErrorException);

    /// <summary>11012: none of the candidates of <paramref name="serviceIds"/> is in the registry.</summary>
    public static LinkisErrorException CannotFindInstance(string serviceIds) =>
        new(CannotFindInstanceCode, Format(CannotFindInstanceFormat, serviceIds), GatewayErrorException);

    /// <summary>10050: no registry name contains <paramref name="serviceId"/>.</summary>
    public static LinkisErrorException NoApplication(string serviceId) =>
        new(NoApplicationCode, Format(NoApplicationFormat, serviceId), NoApplicationExistsException);

    /// <summary>10051: <paramref name="instance"/> of <paramref name="application"/> is not registered.</summary>
    public static LinkisErrorException NoInstance(string instance, string application) =>
        new(NoInstanceCode, Format(NoInstanceFormat, instance, application), NoInstanceExistsException);

    /// <summary>The version-mismatch text.</summary>
    public static string VersionNotSupported(string configuredVersion, string requestedVersion) =>
        Format(VersionNotSupportedFormat, configuredVersion, requestedVersion);

    /// <summary>The unknown-path text.</summary>
    public static string NoServiceForPath(string path) => Format(NoServiceForPathFormat, path);

    /// <summary>The missing-key text of the result-set-cache parser.</summary>
    public static string KeyDoesNotExist(string key) => Format(KeyDoesNotExistFormat, key);

    /// <summary>The text for an execID that cannot be decoded.</summary>
    public static string InvalidExecId(string execId, string reason) => Format(InvalidExecIdFormat, execId, reason);

    /// <summary>Scala's rendering of a list: <c>List(a, b)</c>.</summary>
    public static string ScalaList(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sb = new StringBuilder("List(");
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            sb.Append(item);
        }

        return sb.Append(')').ToString();
    }

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
