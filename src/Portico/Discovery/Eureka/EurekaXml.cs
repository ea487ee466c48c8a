using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Portico.Discovery.Eureka;

/// <summary>
/// Eureka's XML wire format (its XStream converters): <c>&lt;instance&gt;</c> with <c>&lt;port enabled="true"&gt;</c>,
/// <c>&lt;dataCenterInfo class="..."&gt;</c>, metadata entries as child elements, and
/// <c>&lt;applications&gt;&lt;versions__delta/&gt;&lt;apps__hashcode/&gt;&lt;application&gt;...</c>.
/// Reading refuses DTDs and external entities.
/// </summary>
internal static class EurekaXml
{
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = RegistryHttp.MaxBodyBytes * 2L,
    };

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(false),
        OmitXmlDeclaration = true,
        Indent = false,
    };

    public static EurekaInstanceFields ReadInstance(ReadOnlyMemory<byte> body)
    {
        XDocument doc;
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, ReaderSettings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new EurekaFormatException("instance", $"is not well-formed XML: {ex.Message}");
        }

        var root = doc.Root!;
        if (root.Name.LocalName != "instance")
        {
            throw new EurekaFormatException("instance", $"the root element is <{root.Name.LocalName}>; Eureka registrations are <instance>...</instance>.");
        }

        var f = new EurekaInstanceFields();
        foreach (var e in root.Elements())
        {
            var field = "instance." + e.Name.LocalName;
            switch (e.Name.LocalName)
            {
                case "instanceId": f.InstanceId = Text(e, field); break;
                case "hostName": f.HostName = Text(e, field); break;
                case "app": f.App = Text(e, field); break;
                case "ipAddr": f.IpAddr = Text(e, field); break;
                case "status": f.Status = Text(e, field); break;
                case "overriddenstatus" or "overriddenStatus": f.OverriddenStatus = Text(e, field); break;
                case "port":
                    f.Port = Text(e, field);
                    f.PortEnabled = e.Attribute("enabled")?.Value;
                    break;
                case "securePort":
                    f.SecurePort = Text(e, field);
                    f.SecurePortEnabled = e.Attribute("enabled")?.Value;
                    break;
                case "homePageUrl": f.HomePageUrl = Text(e, field); break;
                case "statusPageUrl": f.StatusPageUrl = Text(e, field); break;
                case "healthCheckUrl": f.HealthCheckUrl = Text(e, field); break;
                case "secureHealthCheckUrl": f.SecureHealthCheckUrl = Text(e, field); break;
                case "vipAddress": f.VipAddress = Text(e, field); break;
                case "secureVipAddress": f.SecureVipAddress = Text(e, field); break;
                case "lastDirtyTimestamp": f.LastDirtyTimestamp = Text(e, field); break;
                case "actionType": f.ActionType = Text(e, field); break;
                case "dataCenterInfo":
                    f.DataCenterName = e.Element("name") is { } name ? Text(name, field + ".name") : null;
                    break;
                case "leaseInfo":
                    if (e.Element("renewalIntervalInSecs") is { } r)
                    {
                        f.RenewalIntervalInSecs = Text(r, field + ".renewalIntervalInSecs");
                    }

                    if (e.Element("durationInSecs") is { } d)
                    {
                        f.DurationInSecs = Text(d, field + ".durationInSecs");
                    }

                    break;
                case "metadata":
                    foreach (var m in e.Elements())
                    {
                        var key = XmlConvert.DecodeName(m.Name.LocalName);
                        f.Metadata[key] = Text(m, field + "." + key) ?? "";
                    }

                    break;
            }
        }

        return f;
    }

    public static byte[] WriteApplications(EurekaApplications apps) => Write(xml =>
    {
        xml.WriteStartElement("applications");
        xml.WriteElementString("versions__delta", apps.Version.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("apps__hashcode", apps.HashCode);
        foreach (var app in apps.Apps)
        {
            xml.WriteStartElement("application");
            xml.WriteElementString("name", EurekaFormat.AppName(app.Name));
            foreach (var (instance, action) in app.Instances)
            {
                WriteInstance(xml, instance, action);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    });

    public static byte[] WriteApplication(string name, IReadOnlyList<ServiceInstance> instances) => Write(xml =>
    {
        xml.WriteStartElement("application");
        xml.WriteElementString("name", EurekaFormat.AppName(name));
        foreach (var instance in instances)
        {
            WriteInstance(xml, instance, DeltaAction.Added);
        }

        xml.WriteEndElement();
    });

    public static byte[] WriteInstance(ServiceInstance instance) => Write(xml => WriteInstance(xml, instance, DeltaAction.Added));

    private static void WriteInstance(XmlWriter xml, ServiceInstance i, DeltaAction action)
    {
        xml.WriteStartElement("instance");
        xml.WriteElementString("instanceId", i.InstanceId);
        xml.WriteElementString("hostName", i.Host);
        xml.WriteElementString("app", EurekaFormat.AppName(i.AppName));
        xml.WriteElementString("ipAddr", i.Details.IpAddress ?? i.Host);
        xml.WriteElementString("status", InstanceValidator.StatusName(i.Status));
        xml.WriteElementString("overriddenstatus", EurekaFormat.OverriddenStatus(i));
        var (port, portEnabled, securePort, securePortEnabled) = EurekaFormat.Ports(i);
        xml.WriteStartElement("port");
        xml.WriteAttributeString("enabled", portEnabled ? "true" : "false");
        xml.WriteString(port.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteStartElement("securePort");
        xml.WriteAttributeString("enabled", securePortEnabled ? "true" : "false");
        xml.WriteString(securePort.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteElementString("countryId", "1");
        xml.WriteStartElement("dataCenterInfo");
        xml.WriteAttributeString("class", EurekaFormat.DataCenterClass);
        xml.WriteElementString("name", EurekaFormat.DataCenterName);
        xml.WriteEndElement();
        xml.WriteStartElement("leaseInfo");
        xml.WriteElementString("renewalIntervalInSecs", ((long)i.RenewalInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("durationInSecs", ((long)i.LeaseDuration.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("registrationTimestamp", i.RegisteredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("lastRenewalTimestamp", i.LastHeartbeat.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("evictionTimestamp", "0");
        xml.WriteElementString("serviceUpTimestamp", i.RegisteredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteStartElement("metadata");
        foreach (var (key, value) in i.Metadata)
        {
            xml.WriteElementString(XmlConvert.EncodeLocalName(key), value);
        }

        xml.WriteEndElement();
        WriteOptional(xml, "homePageUrl", i.Details.HomePageUrl);
        WriteOptional(xml, "statusPageUrl", i.Details.StatusPageUrl);
        WriteOptional(xml, "healthCheckUrl", i.Details.HealthCheckUrl);
        WriteOptional(xml, "secureHealthCheckUrl", i.Details.SecureHealthCheckUrl);
        xml.WriteElementString("vipAddress", EurekaFormat.VipAddress(i));
        xml.WriteElementString("secureVipAddress", EurekaFormat.SecureVipAddress(i));
        xml.WriteElementString("isCoordinatingDiscoveryServer", "false");
        xml.WriteElementString("lastUpdatedTimestamp", i.LastUpdated.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("lastDirtyTimestamp", EurekaFormat.LastDirty(i).ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("actionType", EurekaFormat.ActionType(action));
        xml.WriteEndElement();
    }

    private static void WriteOptional(XmlWriter xml, string name, string? value)
    {
        if (value is not null)
        {
            xml.WriteElementString(name, value);
        }
    }

    private static byte[] Write(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, WriterSettings))
        {
            write(xml);
        }

        return stream.ToArray();
    }

    private static string? Text(XElement e, string field)
    {
        if (e.HasElements)
        {
            throw new EurekaFormatException(field, "must be text, not nested elements.");
        }

        return e.Value;
    }
}
