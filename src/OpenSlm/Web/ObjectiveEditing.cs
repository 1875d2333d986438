using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenSlm.Core.Agreements;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Interop.Json;
using OpenSlm.Interop.Yaml;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Web;

/// <summary>The objective form's fields, as typed (strings, so that what cannot be read is reported, not lost).</summary>
public sealed class ObjectiveForm
{
    /// <summary>The objective's name: typed only for a new objective (a name never changes).</summary>
    public string? Name { get; set; }

    /// <summary>The name shown for it.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The indicator's name.</summary>
    public string? Indicator { get; set; }

    /// <summary>The target, a percentage.</summary>
    public string? Target { get; set; }

    /// <summary>The warning level, a percentage above the target; empty for none.</summary>
    public string? Warning { get; set; }

    /// <summary>"rolling" or "calendar".</summary>
    public string? WindowKind { get; set; }

    /// <summary>The rolling window's length (e.g. 28d).</summary>
    public string? Rolling { get; set; }

    /// <summary>The calendar period (Day, Week, Month, Quarter, Year).</summary>
    public string? Period { get; set; }

    /// <summary>The business calendar's name; empty for 24x7 in UTC.</summary>
    public string? Calendar { get; set; }

    /// <summary>The objective's own credit tiers, one a line as "below: credit" (99.9: 5); empty for none.</summary>
    public string? Credits { get; set; }

    /// <summary>The agreement's revision when the form was opened: a change made since is refused, not overwritten.</summary>
    public string? Revision { get; set; }

    /// <summary>The form's values for <paramref name="objective"/>.</summary>
    public static ObjectiveForm Of(ObjectiveSpec objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return new ObjectiveForm
        {
            DisplayName = objective.DisplayName,
            Indicator = objective.Indicator,
            Target = objective.Target.ToString(CultureInfo.InvariantCulture),
            Warning = objective.Warning?.ToString(CultureInfo.InvariantCulture),
            WindowKind = objective.Window.Rolling is null ? "calendar" : "rolling",
            Rolling = objective.Window.Rolling ?? "30d",
            Period = objective.Window.Calendar?.ToString() ?? nameof(CalendarPeriod.Month),
            Calendar = objective.Calendar,
            Credits = string.Join("\n", objective.Credits.OrderByDescending(t => t.Below)
                .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Below}: {t.Credit}"))),
        };
    }
}

/// <summary>
/// Saves an objective edited in the web UI through the same path as the REST API: the agreement's latest version as JSON
/// with the form's values in place of the objective's, read by the same reader, then written by the catalogue store
/// (validation, references, lifecycle rules, audit). A Draft is edited in place; any other version is amended (a new Draft).
/// </summary>
public static partial class ObjectiveEditing
{
    /// <summary>The form fields a spec path under the objective lands on.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["name"] = nameof(ObjectiveForm.Name),
        ["displayName"] = nameof(ObjectiveForm.DisplayName),
        ["indicator"] = nameof(ObjectiveForm.Indicator),
        ["target"] = nameof(ObjectiveForm.Target),
        ["warning"] = nameof(ObjectiveForm.Warning),
        ["window.rolling"] = nameof(ObjectiveForm.Rolling),
        ["window.calendar"] = nameof(ObjectiveForm.Period),
        ["window"] = nameof(ObjectiveForm.WindowKind),
        ["calendar"] = nameof(ObjectiveForm.Calendar),
        ["credits"] = nameof(ObjectiveForm.Credits),
    };

    /// <summary>
    /// Saves <paramref name="form"/> as objective <paramref name="objective"/> of <paramref name="agreement"/>, or, when
    /// <paramref name="objective"/> is null, adds it as a new objective named by the form: the latest version's terms with
    /// the objective changed, through <see cref="WebWrites.ReplaceAsync"/>.
    /// </summary>
    public static async Task<FormSaved> SaveAsync(CatalogueStore store, string agreement, string? objective, ObjectiveForm form, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(form);
        var errors = new FormErrors();
        if (await store.GetAsync(ResourceKind.Agreement, agreement, ct).ConfigureAwait(false) is not { } record)
        {
            errors.Add(string.Empty, $"There is no agreement named '{agreement}'.");
            return new FormSaved(errors, []);
        }
        var terms = (AgreementSpec)record.Document.Spec;
        var index = objective is null ? terms.Objectives.Count : terms.Objectives.ToList().FindIndex(o => o.Name == objective);
        if (index < 0)
        {
            errors.Add(string.Empty, $"The latest version of '{agreement}' has no objective named '{objective}'.");
            return new FormSaved(errors, []);
        }
        var spec = WebWrites.SpecJsonOf(record);
        if (objective is null)
        {
            spec["objectives"]!.AsArray().Add(new JsonObject { ["name"] = WebWrites.Text(form.Name) });
        }
        var node = spec["objectives"]![index]!.AsObject();
        WebWrites.Set(node, "displayName", WebWrites.Text(form.DisplayName));
        WebWrites.Set(node, "indicator", WebWrites.Text(form.Indicator));
        WebWrites.Set(node, "target", WebWrites.Number(form.Target));
        WebWrites.Set(node, "warning", WebWrites.Number(form.Warning));
        node["window"] = form.WindowKind == "rolling"
            ? new JsonObject { ["rolling"] = WebWrites.Text(form.Rolling) }
            : new JsonObject { ["calendar"] = WebWrites.Text(form.Period) };
        WebWrites.Set(node, "calendar", WebWrites.Text(form.Calendar));
        var (tiers, problem) = Tiers(form.Credits);
        if (problem is not null)
        {
            errors.Add(nameof(ObjectiveForm.Credits), problem);
            return new FormSaved(errors, []);
        }
        WebWrites.Set(node, "credits", tiers);
        var revision = long.TryParse(form.Revision, NumberStyles.None, CultureInfo.InvariantCulture, out var opened) ? opened : record.Status.Revision;
        return await WebWrites.ReplaceAsync(store, ResourceKind.Agreement, agreement, spec, revision, actor, path => FieldOf(path, index), ct).ConfigureAwait(false);
    }

    /// <summary>The most tier lines the form reads.</summary>
    private const int MaxTierLines = 50;

    /// <summary>The tiers typed, one "below: credit" a line, as the spec's JSON list; null for none; a problem naming the line otherwise.</summary>
    public static (JsonArray? Tiers, string? Problem) Tiers(string? text)
    {
        var lines = (text ?? string.Empty).Split('\n').Select(l => l.Trim()).ToList();
        if (lines.Count(l => l.Length > 0) > MaxTierLines)
        {
            return (null, $"holds more than {MaxTierLines} tiers.");
        }
        var tiers = new JsonArray();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var parts = lines[i].Split(':');
            if (parts.Length != 2 || WebWrites.Number(parts[0]) is not { } below || below.GetValueKind() != JsonValueKind.Number
                || WebWrites.Number(parts[1].TrimEnd('%', ' ')) is not { } credit || credit.GetValueKind() != JsonValueKind.Number)
            {
                return (null, $"line {i + 1}: '{lines[i]}' is not a tier: expected 'below: credit' in percent, such as 99.9: 5.");
            }
            tiers.Add(new JsonObject { ["below"] = below, ["credit"] = credit });
        }
        return (tiers.Count == 0 ? null : tiers, null);
    }

    /// <summary>The form field a spec path names (for objective <paramref name="index"/>), or "" for the form as a whole.</summary>
    public static string FieldOf(string path, int index)
    {
        var match = ObjectivePath().Match(path ?? string.Empty);
        if (!match.Success || int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) != index)
        {
            return string.Empty;
        }
        var rest = match.Groups[2].Value;
        return Fields.TryGetValue(rest, out var field) ? field
            : Fields.TryGetValue(rest.Split('.')[0], out var parent) ? parent : string.Empty;
    }

    [GeneratedRegex(@"objectives\[(\d+)\]\.([A-Za-z.]+)")]
    private static partial Regex ObjectivePath();
}
