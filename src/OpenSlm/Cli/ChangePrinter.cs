using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Cli;

/// <summary>Prints a write's changes as a readable diff, one record a block.</summary>
internal static class ChangePrinter
{
    public static void Print(TextWriter output, WriteResult result, bool dryRun, bool verbose) =>
        Print(output, [.. result.Changes.Select(c => (c.Kind.ToString(), c.Name, c.Action, c.Note, c.Fields))], dryRun, verbose);

    /// <summary>The changes a server answered <c>POST /api/v1/apply</c> with, printed the same way.</summary>
    public static void Print(TextWriter output, Api.ApplyResultDto result, bool verbose) =>
        Print(output, [.. result.Changes.Select(c => (c.Kind, c.Name, c.Action, c.Note, c.Fields))], result.DryRun, verbose);

    private static void Print(TextWriter output, IReadOnlyList<(string Kind, string Name, ChangeAction Action, string? Note, IReadOnlyList<FieldChange> Fields)> changes, bool dryRun, bool verbose)
    {
        foreach (var change in changes)
        {
            if (change.Action == ChangeAction.Unchanged && !verbose)
            {
                continue;
            }
            var mark = change.Action switch
            {
                ChangeAction.Created => "+",
                ChangeAction.Retired => "-",
                ChangeAction.Unchanged => "=",
                _ => "~",
            };
            var note = change.Note is null ? string.Empty : $" [{change.Note}]";
            output.WriteLine($"{mark} {change.Kind.ToLowerInvariant()}/{change.Name} {Verb(change.Action)}{note}");
            if (change.Action is ChangeAction.Created or ChangeAction.Unchanged)
            {
                continue;
            }
            foreach (var field in change.Fields)
            {
                output.WriteLine($"    {field.Path}: {field.Before ?? "(none)"} → {field.After ?? "(none)"}");
            }
        }
        var counts = changes.GroupBy(c => c.Action == ChangeAction.Unchanged ? "unchanged" : c.Action == ChangeAction.Created ? "created" : "changed")
            .ToDictionary(g => g.Key, g => g.Select(c => (c.Kind, c.Name)).Distinct().Count());
        var summary = $"{counts.GetValueOrDefault("created")} created, {counts.GetValueOrDefault("changed")} changed, {counts.GetValueOrDefault("unchanged")} unchanged";
        output.WriteLine(dryRun ? $"Dry run: {summary}. Nothing was stored." : $"Applied: {summary}.");
    }

    private static string Verb(ChangeAction action) => action switch
    {
        ChangeAction.Created => "created",
        ChangeAction.Updated => "updated",
        ChangeAction.Restored => "restored",
        ChangeAction.Unchanged => "unchanged",
        ChangeAction.VersionCreated => "amended",
        ChangeAction.StatusChanged => "status changed",
        ChangeAction.Retired => "retired",
        _ => action.ToString(),
    };
}
