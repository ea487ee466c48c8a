using Portico.Filters.GatewayFilters;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Filters.GatewayFilters;

public class ValueTemplateTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("{a}", "1")]
    [InlineData("x-{a}-{b}-y", "x-1-two-y")]
    [InlineData("{a:\\d+}", "1")]
    [InlineData("{ a }", "1")]
    [InlineData("{unknown}", "{unknown}")]
    [InlineData("open { only", "open { only")]
    [InlineData("{}", "{}")]
    [InlineData("{a}}", "1}")]
    public void Expand_Template_SubstitutesCapturedVariables(string template, string expected)
    {
        var exchange = TestExchange.Create();
        exchange.UriVariables["a"] = "1";
        exchange.UriVariables["b"] = "two";

        Assert.Equal(expected, ValueTemplate.Parse(template).Expand(exchange));
    }

    [Fact]
    public void Expand_NoVariables_ReturnsConfiguredInstance()
    {
        var template = ValueTemplate.Parse("constant");

        Assert.False(template.HasVariables);
        Assert.Same(template.Text, template.Expand(TestExchange.Create()));
    }

    [Fact]
    public void Expand_LongExpansion_BeyondStackBuffer()
    {
        var exchange = TestExchange.Create();
        exchange.UriVariables["a"] = new string('x', 1000);

        Assert.Equal("<" + new string('x', 1000) + ">", ValueTemplate.Parse("<{a}>").Expand(exchange));
    }
}
