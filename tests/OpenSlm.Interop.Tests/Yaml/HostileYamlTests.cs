using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;
using YamlDotNet.Core;

namespace OpenSlm.Interop.Tests.Yaml;

/// <summary>YAML that would crash or exhaust a reader is refused at its line, quickly and in bounded memory.</summary>
public sealed class HostileYamlTests
{
    private static YamlException Refused(string text)
    {
        var before = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<YamlException>(() => YamlJson.Read(text, "x.yaml"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(GC.GetTotalAllocatedBytes() - before < 1_000_000_000, "allocated over 1 GB");
        return ex;
    }

    [Fact]
    public void An_alias_inside_its_own_anchor_is_refused_not_a_stack_overflow()
    {
        var ex = Refused("a: &a [*a]");
        Assert.Contains("*a", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Start.Line);
    }

    [Fact]
    public void A_billion_laughs_is_refused_at_the_node_limit()
    {
        var text = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }
        var ex = Refused(text.ToString());
        Assert.Contains("500,000", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Deep_nesting_is_refused_at_the_depth_limit(string open, string close)
    {
        var text = "a: " + string.Concat(Enumerable.Repeat(open, 12_000)) + "1" + string.Concat(Enumerable.Repeat(close, 12_000));
        var ex = Refused(text);
        Assert.Contains("64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_block_nesting_is_refused_too()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            text.Append(' ', i).Append("k:\n");
        }
        Refused(text.ToString());
    }

    [Fact]
    public void A_text_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var ex = Refused("a: " + new string('x', YamlLimits.MaxChars));
        Assert.Contains("characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_alias_reads_as_a_copy_of_its_anchor()
    {
        var doc = Assert.Single(YamlJson.Read("base: &b {hours: 8, zone: UTC}\ncopy: *b\n", "x.yaml"));
        Assert.Equal("""{"hours":8,"zone":"UTC"}""", doc.Root!["copy"]!.ToJsonString());
        // A copy, not the same node: the tree stays a tree.
        Assert.NotSame(doc.Root["base"], doc.Root["copy"]);
    }

    [Fact]
    public void The_document_reader_names_the_file_and_line_of_a_refused_alias()
    {
        var result = DocumentReader.Read("apiVersion: openslm/v1\nkind: Service\nmetadata: &m {name: *m}\n", "bomb.yaml");
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Location.Line);
        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
    }
}
