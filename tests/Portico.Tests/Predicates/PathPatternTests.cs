using Portico.Predicates;

namespace Portico.Tests.Predicates;

public class PathPatternTests
{
    private static PathPattern Compile(string pattern, bool matchTrailingSlash = false)
    {
        var compiled = PathPattern.Parse(pattern, matchTrailingSlash, out var error);
        Assert.True(compiled is not null, error);
        return compiled;
    }

    private static Dictionary<string, string> Variables(string pattern, string path)
    {
        var compiled = Compile(pattern);
        Assert.True(compiled.Matches(path), $"{pattern} should match {path}");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        compiled.ExtractVariables(path, variables);
        return variables;
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/", "")]
    [InlineData("/a/b", "/a/b")]
    [InlineData("/a/**", "/a")]
    [InlineData("/a/**", "/a/")]
    [InlineData("/a/**", "/a/b/c/d")]
    [InlineData("/**", "/")]
    [InlineData("/**", "/anything/at/all")]
    [InlineData("/a/*", "/a/b")]
    [InlineData("/a/*", "/a/")]
    [InlineData("/a/*/c", "/a/b/c")]
    [InlineData("/a/?", "/a/b")]
    [InlineData("/a/b?d", "/a/bcd")]
    [InlineData("/img/*.png", "/img/logo.png")]
    [InlineData("/a/{x}", "/a/b")]
    [InlineData("/a/{x}/c", "/a/b/c")]
    [InlineData("/a/{id:\\d+}", "/a/123")]
    [InlineData("/a/{name}.{ext}", "/a/file.txt")]
    [InlineData("/a/{*rest}", "/a")]
    [InlineData("/a/{*rest}", "/a/b/c")]
    [InlineData("/a//b", "/a//b")]
    [InlineData("/a/b", "/a;jsessionid=1/b")]
    [InlineData("/a/b", "/a/b;v=1")]
    [InlineData("/a/", "/a/")]
    [InlineData("/caf\u00e9/{x}", "/caf\u00e9/cr\u00e8me")]
    public void Matches_SpringPathPatternSemantics_Matches(string pattern, string path)
    {
        Assert.True(Compile(pattern).Matches(path), $"{pattern} should match {path}");
    }

    [Theory]
    [InlineData("/", "/a")]
    [InlineData("/a/b", "/a/b/")]
    [InlineData("/a/b", "/a/B")]
    [InlineData("/A/b", "/a/b")]
    [InlineData("/a/b", "/a/b/c")]
    [InlineData("/a/b", "/a")]
    [InlineData("/a/**", "/ab")]
    [InlineData("/a/**", "/b/a")]
    [InlineData("/a/*", "/a")]
    [InlineData("/a/*", "/a/b/c")]
    [InlineData("/a/*/c", "/a//c")]
    [InlineData("/a/?", "/a/bc")]
    [InlineData("/a/?", "/a/")]
    [InlineData("/img/*.png", "/img/logo.gif")]
    [InlineData("/a/{x}", "/a/")]
    [InlineData("/a/{x}", "/a")]
    [InlineData("/a/{x}/c", "/a//c")]
    [InlineData("/a/{id:\\d+}", "/a/12x")]
    [InlineData("/a/{id:\\d+}", "/a/x123")]
    [InlineData("/a/{*rest}", "/ab")]
    [InlineData("/a/b/c", "/a/b%2Fc")]
    [InlineData("/a/b", "/a//b")]
    [InlineData("/a/", "/a")]
    [InlineData("/a", "a")]
    public void Matches_SpringPathPatternSemantics_DoesNotMatch(string pattern, string path)
    {
        Assert.False(Compile(pattern).Matches(path), $"{pattern} should not match {path}");
    }

    [Theory]
    [InlineData("/a/b", "/a/b/")]
    [InlineData("/a/{x}", "/a/b/")]
    [InlineData("/a/*", "/a/b/")]
    [InlineData("/img/*.png", "/img/x.png/")]
    public void Matches_TrailingSlashAllowed_MatchesOneExtraSlash(string pattern, string path)
    {
        Assert.True(Compile(pattern, matchTrailingSlash: true).Matches(path));
        Assert.False(Compile(pattern, matchTrailingSlash: false).Matches(path));
    }

    [Theory]
    [InlineData("/a/b", "/a/b//")]
    [InlineData("/", "//")]
    public void Matches_TrailingSlashAllowed_StillRefusesMoreThanOne(string pattern, string path)
    {
        Assert.False(Compile(pattern, matchTrailingSlash: true).Matches(path));
    }

    [Fact]
    public void ExtractVariables_WholeSegment_CapturesSegment()
    {
        var variables = Variables("/red/{segment}", "/red/blue");
        Assert.Equal("blue", Assert.Single(variables).Value);
        Assert.Equal("segment", variables.Keys.Single());
    }

    [Fact]
    public void ExtractVariables_SeveralSegments_CapturesEach()
    {
        var variables = Variables("/{tenant}/orders/{id}", "/acme/orders/42");
        Assert.Equal("acme", variables["tenant"]);
        Assert.Equal("42", variables["id"]);
    }

    [Fact]
    public void ExtractVariables_MixedSegment_CapturesByRegex()
    {
        var variables = Variables("/files/{name}.{ext}", "/files/report.final.pdf");
        Assert.Equal("report.final", variables["name"]);
        Assert.Equal("pdf", variables["ext"]);
    }

    [Fact]
    public void ExtractVariables_ConstrainedWithQuantifierBraces_Captures()
    {
        var variables = Variables("/a/{code:[A-Z]{3}}", "/a/EUR");
        Assert.Equal("EUR", variables["code"]);
        Assert.False(Compile("/a/{code:[A-Z]{3}}").Matches("/a/EURO"));
    }

    [Fact]
    public void ExtractVariables_UserRegexWithGroups_DoesNotShiftCaptures()
    {
        var variables = Variables("/v/{version:(v|r)\\d+}-{flavour}", "/v/v2-lite");
        Assert.Equal("v2", variables["version"]);
        Assert.Equal("lite", variables["flavour"]);
    }

    [Theory]
    [InlineData("/a/b/c", "/b/c")]
    [InlineData("/a", "")]
    [InlineData("/a/", "/")]
    [InlineData("/a/b;p=1/c", "/b/c")]
    [InlineData("/a/x%2Fy/z", "/x/y/z")]
    public void ExtractVariables_CaptureTheRest_CapturesWithLeadingSlash(string path, string expected)
    {
        Assert.Equal(expected, Variables("/a/{*rest}", path)["rest"]);
    }

    [Fact]
    public void ExtractVariables_EncodedSlashInSegment_IsDecoded()
    {
        var compiled = Compile("/a/{x}");
        Assert.True(compiled.Matches("/a/b%2Fc"));
        var variables = new Dictionary<string, string>();
        compiled.ExtractVariables("/a/b%2Fc", variables);
        Assert.Equal("b/c", variables["x"]);
    }

    [Fact]
    public void ExtractVariables_PathParameters_AreNotPartOfTheValue()
    {
        Assert.Equal("b", Variables("/a/{x}", "/a/b;jsessionid=123")["x"]);
    }

    [Theory]
    [InlineData("", "blank")]
    [InlineData("a/b", "does not start with '/'")]
    [InlineData("/a/**/b", "must be the last segment")]
    [InlineData("/a/{*rest}/b", "must be the last segment")]
    [InlineData("/a/{*}", "needs a variable name")]
    [InlineData("/a/{x", "without a matching '}'")]
    [InlineData("/a/x}", "without a preceding '{'")]
    [InlineData("/a/{x}/{x}", "captured twice")]
    [InlineData("/a/{}", "has no name")]
    [InlineData("/a/{my-var}", "contains '-'")]
    [InlineData("/a/{1x}", "starts with a digit")]
    [InlineData("/a/{x:[a-}", "regular expression '[a-' of variable 'x' is invalid")]
    [InlineData("/a/{x:}", "empty regular expression")]
    public void Parse_InvalidPattern_ReportsWhy(string pattern, string expected)
    {
        Assert.Null(PathPattern.Parse(pattern, false, out var error));
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_NoVariables_DoesNotAllocate()
    {
        var patterns = new[] { Compile("/api/v1/orders/*"), Compile("/static/**"), Compile("/img/*.png"), Compile("/a/b", true) };
        const string path = "/api/v1/orders/42;p=1";
        foreach (var p in patterns)
        {
            p.Matches(path);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 1000; i++)
        {
            foreach (var p in patterns)
            {
                hits += p.Matches(path) ? 1 : 0;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, hits);
    }

    [Fact]
    public void Matches_VariablesWithoutExtraction_DoesNotAllocate()
    {
        var pattern = Compile("/red/{segment}/{*rest}");
        pattern.Matches("/red/blue/x");
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(pattern.Matches("/red/blue/x"));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
