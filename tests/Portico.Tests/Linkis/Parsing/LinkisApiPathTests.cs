using Portico.Linkis.Parsing;

namespace Portico.Tests.Linkis.Parsing;

public sealed class LinkisApiPathTests
{
    [Theory]
    [InlineData("/api/rest_j/v1/entrance/submit", "rest_j", "v1", "entrance/submit", true)]
    [InlineData("/api/rest_s/v12/x", "rest_s", "v12", "x", true)]
    [InlineData("/api/rest_j1/v1/x/y", "rest_j1", "v1", "x/y", false)]
    [InlineData("/api/rest_a_b/v1/x/y", "rest_a_b", "v1", "x/y", false)]
    [InlineData("/api/rest_j/v1/", "rest_j", "v1", "", true)]
    public void Parse_ApiShape_SplitsParts(string path, string rest, string version, string remainder, bool lettersOnly)
    {
        var api = LinkisApiPath.Parse(path);

        Assert.True(api.IsMatch);
        Assert.Equal(rest, api.Rest.ToString());
        Assert.Equal(version, api.Version.ToString());
        Assert.Equal(remainder, api.Remainder.ToString());
        Assert.Equal(lettersOnly, api.RestIsLettersOnly);
    }

    [Theory]
    [InlineData("/api/foo")]
    [InlineData("/api/rest_/v1/x")]
    [InlineData("/api/rest_1/v1/x")]
    [InlineData("/api/rest_j-x/v1/x")]
    [InlineData("/api/rest_j/1/x")]
    [InlineData("/api/rest_j/v/x")]
    [InlineData("/api/rest_j/v1x/x")]
    [InlineData("/api/rest_j/v1")]
    [InlineData("/api/REST_j/v1/x")]
    [InlineData("/apix/rest_j/v1/x")]
    [InlineData("/ws/info/x")]
    public void Parse_OtherShapes_NoMatch(string path) => Assert.False(LinkisApiPath.Parse(path).IsMatch);

    [Theory]
    [InlineData("/api/rest_j/v1/entrance/abc/status", "entrance/", "abc")]
    [InlineData("/api/rest_j/v1/entrance/abc/x/y/z", "entrance/", "abc")]
    [InlineData("/api/rest_j/v1/jobhistory/list", "", "jobhistory")]
    public void TryMatchSegmentAndMore_SegmentFollowedByMore_Captures(string path, string prefix, string segment)
    {
        Assert.True(LinkisApiPath.Parse(path).TryMatchSegmentAndMore(prefix, out var captured));
        Assert.Equal(segment, captured.ToString());
    }

    [Theory]
    [InlineData("/api/rest_j/v1/entrance/execute", "entrance/")]
    [InlineData("/api/rest_j/v1/entrance/abc/", "entrance/")]
    [InlineData("/api/rest_j/v1/entrance//status", "entrance/")]
    [InlineData("/api/rest_j/v1/jobhistory", "")]
    [InlineData("/api/foo/bar", "")]
    public void TryMatchSegmentAndMore_NoTrailingPart_NoMatch(string path, string prefix) =>
        Assert.False(LinkisApiPath.Parse(path).TryMatchSegmentAndMore(prefix, out _));
}
