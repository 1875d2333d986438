using OpenSlm.Core.Catalogue;

namespace OpenSlm.Core.Tests.Catalogue;

public sealed class ResourceNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("web-shop")]
    [InlineData("sla-2025")]
    [InlineData("0abc")]
    public void Accepts_dns_labels(string name) => Assert.Null(ResourceName.Check(name));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Web-Shop")]
    [InlineData("-web")]
    [InlineData("web-")]
    [InlineData("web_shop")]
    [InlineData("web shop")]
    public void Refuses_what_is_not_a_dns_label(string? name) => Assert.NotNull(ResourceName.Check(name));

    [Fact]
    public void Refuses_names_longer_than_63_characters()
    {
        Assert.Null(ResourceName.Check(new string('a', 63)));
        Assert.Contains("64 characters", ResourceName.Check(new string('a', 64)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Payments API", "payments-api")]
    [InlineData("  Good experience!! ", "good-experience")]
    [InlineData("24x7 America/New_York", "24x7-america-new-york")]
    public void Slugs_free_text_into_valid_names(string text, string slug)
    {
        Assert.Equal(slug, ResourceName.Slug(text));
        Assert.Null(ResourceName.Check(slug));
    }
}
