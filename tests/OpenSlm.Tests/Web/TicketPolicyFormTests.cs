using System.Text.Json.Nodes;
using OpenSlm.Core.Catalogue;
using OpenSlm.Core.Tickets;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Yaml;
using OpenSlm.Web;

namespace OpenSlm.Tests.Web;

/// <summary>The ticket policy editor: what it shows reads back as the same policy, and its refusals land on their rows.</summary>
public sealed class TicketPolicyFormTests
{
    private static readonly TicketPolicySpec Policy = new()
    {
        Description = "Incidents resolved in business time.",
        AppliesTo = [new FieldCondition { Field = "category", NotIn = ["request"] }],
        Start = [new FieldCondition { Field = "incident_state", In = ["New", "Active"] }],
        Pause = [new FieldCondition { Field = "incident_state", In = ["Awaiting User Info", "Awaiting Vendor"] }, new FieldCondition { Field = "vendor", Empty = false }],
        Stop = [new FieldCondition { Field = "incident_state", In = ["Resolved", "Closed"] }],
        Cancel = [new FieldCondition { Field = "incident_state", In = ["Canceled"] }, new FieldCondition { Field = "caller", Empty = true }],
        Reset = [new FieldCondition { Field = "assignment_group", Changed = true }, new FieldCondition { Field = "priority", Changed = false }],
        PriorityField = "priority",
        Targets = [new PriorityTarget { Priority = "1 - Critical", Within = "4h" }, new PriorityTarget { Priority = "*", Within = "3d" }],
        Calendar = "uk-business-hours",
        Warnings = [50m, 75m, 92.5m],
        RetroactiveStart = true,
        OnReopen = ReopenRule.Keep,
    };

    [Fact]
    public void What_the_editor_shows_reads_back_as_the_same_policy()
    {
        var (values, rows) = TicketPolicyForm.Values(Policy, 7);
        Assert.Equal(2 + TicketPolicyForm.BlankRows, rows["pause"]);   // its two conditions and the blank rows to add
        var (spec, _, errors) = TicketPolicyForm.Spec(new JsonObject(), f => values.GetValueOrDefault(f), rows);
        Assert.Empty(errors);
        var (document, read) = DocumentReader.ReadNode(ResourceKind.TicketPolicy, new JsonObject { ["name"] = "p" }, spec, new SourceLocation("form", 0, 0));
        Assert.Empty(read);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Policy), System.Text.Json.JsonSerializer.Serialize((TicketPolicySpec)document!.Spec));
    }

    [Fact]
    public void A_test_given_the_wrong_values_and_a_warning_that_is_no_number_are_refused_at_their_cells()
    {
        var values = new Dictionary<string, string?>
        {
            ["cond-stop-0-field"] = "state",
            ["cond-stop-0-test"] = "in",
            ["cond-stop-1-field"] = "vendor",
            ["cond-stop-1-test"] = "empty",
            ["cond-stop-1-values"] = "x",
            ["cond-pause-0-field"] = "state",
            ["cond-pause-0-test"] = "matches",
            ["warnings"] = "50, lots",
        };
        var (_, _, errors) = TicketPolicyForm.Spec(new JsonObject(), f => values.GetValueOrDefault(f), TicketPolicyForm.NewRows());
        Assert.Contains("needs the values", errors.Of("cond-stop-0-values")[0], StringComparison.Ordinal);
        Assert.Contains("compares with no values", errors.Of("cond-stop-1-values")[0], StringComparison.Ordinal);
        Assert.Contains("'matches' is not a test", errors.Of("cond-pause-0-test")[0], StringComparison.Ordinal);
        Assert.Contains("'lots' is not a percentage", errors.Of("warnings")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_write_paths_paths_land_on_the_rows_their_items_came_from()
    {
        // Rows 0 and 2 of stop were filled (row 1 left blank), row 1 of the targets.
        var from = new Dictionary<string, List<int>> { ["stop"] = [0, 2], ["targets"] = [1], ["pause"] = [] };
        Assert.Equal("cond-stop-2-values", TicketPolicyForm.FieldOf("spec.stop[1].in", from));
        Assert.Equal("cond-stop-2-field", TicketPolicyForm.FieldOf("spec.stop[1].field", from));
        Assert.Equal("cond-stop-0-test", TicketPolicyForm.FieldOf("spec.stop[0]", from));
        Assert.Equal("target-1-within", TicketPolicyForm.FieldOf("spec.targets[0].within", from));
        Assert.Equal("stop", TicketPolicyForm.FieldOf("spec.stop", from));
        Assert.Equal("warnings", TicketPolicyForm.FieldOf("spec.warnings[1]", from));
        Assert.Equal("calendar", TicketPolicyForm.FieldOf("spec.calendar", from));
        Assert.Equal(string.Empty, TicketPolicyForm.FieldOf("spec.nothing", from));
    }
}
