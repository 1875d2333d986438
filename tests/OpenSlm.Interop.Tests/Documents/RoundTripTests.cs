using OpenSlm.Interop.Documents;

namespace OpenSlm.Interop.Tests.Documents;

public sealed class RoundTripTests
{
    private static string Input => File.ReadAllText(Fixtures.Golden("catalogue.input.yaml"));

    [Fact]
    public void Export_of_every_kind_matches_the_golden_file()
    {
        var read = DocumentReader.Read(Input, "catalogue.input.yaml");
        Assert.True(read.Ok, string.Join("; ", read.Errors));
        var written = DocumentWriter.Write(read.Documents);
        var golden = Fixtures.Golden("catalogue.export.yaml");
        if (Environment.GetEnvironmentVariable("OPENSLM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, written);
        }
        Assert.Equal(File.ReadAllText(golden), written);
    }

    [Fact]
    public void Written_yaml_reads_back_to_equal_documents_and_writes_identically()
    {
        var first = DocumentReader.Read(Input, "in.yaml").Documents;
        var text = DocumentWriter.Write(first);
        var again = DocumentReader.Read(text, "out.yaml");
        Assert.True(again.Ok, string.Join("; ", again.Errors));
        Assert.Equal(
            DocumentWriter.Order(first).Select(d => d.ToJson().ToJsonString()),
            again.Documents.Select(d => d.ToJson().ToJsonString()));
        Assert.Equal(text, DocumentWriter.Write(again.Documents));
    }

    [Fact]
    public void Text_that_would_read_back_as_another_type_is_quoted()
    {
        const string yaml = "apiVersion: openslm/v1\nkind: Stakeholder\nmetadata: {name: a, displayName: \"true\"}\nspec: {team: \"0042\"}\n";
        var written = DocumentWriter.Write(DocumentReader.Read(yaml, "q.yaml").Documents);
        Assert.Contains("displayName: \"true\"", written, StringComparison.Ordinal);
        Assert.Contains("team: \"0042\"", written, StringComparison.Ordinal);
    }
}
