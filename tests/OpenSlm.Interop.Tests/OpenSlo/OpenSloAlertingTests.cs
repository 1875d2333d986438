using NodaTime;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Alerting;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;

namespace OpenSlm.Interop.Tests.OpenSlo;

/// <summary>OpenSLO AlertPolicy, AlertCondition and AlertNotificationTarget documents, read with the SLOs that use them.</summary>
public sealed class OpenSloAlertingTests
{
    private const string Slo = """
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: checkout}
        spec:
          service: shop
          indicatorRef: checkout-ok
          timeWindow: [{duration: 30d, isRolling: true}]
          budgetingMethod: Occurrences
          objectives: [{displayName: Checkout, target: 0.999}]
          alertPolicies:
            - alertPolicyRef: fast-burn
            - kind: AlertPolicy
              metadata: {name: slow-burn}
              spec:
                alertWhenBreaching: true
                conditions:
                  - kind: AlertCondition
                    metadata: {name: slow}
                    spec:
                      severity: ticket
                      condition: {kind: burnrate, op: gt, threshold: 1, lookbackWindow: 3d, alertAfter: 6h}
                notificationTargets: [{targetRef: team-mail}]
        """;

    private const string Alerting = """
        apiVersion: openslo/v1
        kind: AlertPolicy
        metadata: {name: fast-burn}
        spec:
          description: Page the on-call when 2 % of a month's budget burns in an hour
          alertWhenBreaching: true
          alertWhenResolved: false
          alertWhenNoData: true
          conditions: [{conditionRef: fast}]
          notificationTargets: [{targetRef: on-call-slack}, {targetRef: team-mail}, {targetRef: pager}]
        ---
        apiVersion: openslo/v1
        kind: AlertCondition
        metadata: {name: fast}
        spec:
          severity: page
          condition: {kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h, alertAfter: 5m}
        ---
        apiVersion: openslo/v1
        kind: AlertNotificationTarget
        metadata: {name: on-call-slack}
        spec: {target: slack}
        ---
        apiVersion: openslo/v1
        kind: AlertNotificationTarget
        metadata: {name: team-mail}
        spec: {target: email, description: The team's list}
        ---
        apiVersion: openslo/v1
        kind: AlertNotificationTarget
        metadata: {name: pager}
        spec: {target: opsgenie}
        """;

    private static ReadResult ReadFiles(params (string Name, string Text)[] files)
    {
        var dir = Directory.CreateTempSubdirectory("openslo-alerting-");
        try
        {
            foreach (var (name, text) in files)
            {
                File.WriteAllText(Path.Combine(dir.FullName, name), text);
            }
            return DocumentReader.ReadPath(dir.FullName);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static ObjectiveSpec Objective(ReadResult result) =>
        Assert.Single(((AgreementSpec)result.Documents.Single(d => d.Kind == ResourceKind.Agreement).Spec).Objectives);

    [Fact]
    public void Alert_policies_written_in_another_file_become_the_objectives_alerting_terms()
    {
        var result = ReadFiles(("alerting.yaml", Alerting), ("slo.yaml", Slo));
        Assert.True(result.Ok, string.Join("; ", result.Errors));
        var alerting = Objective(result).Alerting!;
        Assert.Equal(2, alerting.BurnRates!.Count);
        Assert.Equal("1h", alerting.NoDataAfter);          // no data for the lookback window of the policy asking for it
        Assert.False(alerting.NotifyResolved);              // one policy says not to tell resolutions; the other leaves it out
        Assert.Equal(["email", "slack"], alerting.Channels);

        // The burn rates are the conditions' thresholds over their lookback windows, confirmed over alertAfter.
        var policy = alerting.Policy(Duration.FromDays(30));
        Assert.Equal(
            [(AlertSeverity.Page, 14.4m, Duration.FromMinutes(5), Duration.FromHours(1)), (AlertSeverity.Ticket, 1m, Duration.FromHours(6), Duration.FromDays(3))],
            policy.BurnRates!.Select(c => (c.Severity, decimal.Round(c.Factor, 20), c.ShortWindow, c.LongWindow)));
        Assert.Equal(2m, decimal.Round(policy.BurnRates![0].BudgetPercent, 20));  // 14.4 for 1 h of 30 days is the workbook's 2 %

        // A target that is not a channel here is named in a note, not guessed.
        Assert.Contains(result.Notes, n => n.Contains("'opsgenie'", StringComparison.Ordinal) && n.Contains("left out", StringComparison.Ordinal));
    }

    [Fact]
    public void A_policy_no_slo_uses_is_noted_and_a_missing_one_is_an_error_at_the_reference()
    {
        var unused = DocumentReader.Read(Alerting, "alerting.yaml");
        Assert.True(unused.Ok);
        Assert.Contains(unused.Notes, n => n.Contains("AlertPolicy 'fast-burn' is used by no SLO", StringComparison.Ordinal));

        var missing = DocumentReader.Read(Slo, "slo.yaml");
        Assert.Equal(["spec.alertPolicies[0].alertPolicyRef", "spec.alertPolicies[1].spec.notificationTargets[0].targetRef"], missing.Errors.Select(e => e.Path));
        var error = missing.Errors[0];
        Assert.Contains("no OpenSLO AlertPolicy named 'fast-burn'", error.Message, StringComparison.Ordinal);
        Assert.Equal(11, error.Location.Line);
    }

    [Theory]
    [InlineData("op: gte", "op: lte", "spec.condition.op", "while the burn rate is below the threshold")]
    [InlineData("severity: page", "severity: sev9", "spec.severity", "'sev9' is not a severity")]
    [InlineData("threshold: 14.4", "threshold: 0", "spec.condition.threshold", "expected a number above 0")]
    [InlineData("alertAfter: 5m", "alertAfter: 2h", "spec.condition.alertAfter", "shorter than lookbackWindow")]
    [InlineData("conditions: [{conditionRef: fast}]", "conditions: [{conditionRef: fast}, {conditionRef: fast}]", "spec.conditions", "exactly one condition")]
    public void A_condition_openslm_cannot_honour_is_refused_at_its_field(string from, string to, string path, string message)
    {
        var result = ReadFiles(("alerting.yaml", Alerting.Replace(from, to, StringComparison.Ordinal)), ("slo.yaml", Slo));
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, "alerting.yaml"), (error.Path, Path.GetFileName(error.Location.File)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Documents, d => d.Kind == ResourceKind.Agreement && ((AgreementSpec)d.Spec).Objectives[0].Alerting is { BurnRates.Count: 2 });
    }
}
