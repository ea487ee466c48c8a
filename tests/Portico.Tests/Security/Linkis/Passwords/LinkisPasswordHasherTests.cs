using Portico.Security.Linkis.Passwords;

namespace Portico.Tests.Security.Linkis.Passwords;

public class LinkisPasswordHasherTests
{
    [Fact]
    public void Hash_ThenVerify_AcceptsOnlyTheSamePassword()
    {
        var hash = LinkisPasswordHasher.Hash("correct horse", LinkisPasswordHasher.MinIterations);

        Assert.StartsWith("pbkdf2-sha256$100000$", hash, StringComparison.Ordinal);
        Assert.True(LinkisPasswordHasher.Verify("correct horse", hash));
        Assert.False(LinkisPasswordHasher.Verify("correct horsE", hash));
        Assert.False(LinkisPasswordHasher.Verify("", hash));
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesDifferentSalts()
    {
        Assert.NotEqual(LinkisPasswordHasher.Hash("pw", LinkisPasswordHasher.MinIterations), LinkisPasswordHasher.Hash("pw", LinkisPasswordHasher.MinIterations));
    }

    [Fact]
    public void Hash_DefaultIterations_AreAtLeastOwaspFigure()
    {
        Assert.Contains("$600000$", LinkisPasswordHasher.Hash("pw"), StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_TooFewIterations_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LinkisPasswordHasher.Hash("pw", 1000));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext-password")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$100000$!!!$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("md5$100000$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==")]
    public void Verify_MalformedOrWeakHash_IsFalse(string hash)
    {
        Assert.False(LinkisPasswordHasher.Verify("anything", hash));
    }
}
