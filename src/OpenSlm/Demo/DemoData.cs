using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using NodaTime;
using OpenSlm.Core.Catalogue;
using OpenSlm.Interop.Documents;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Demo;

/// <summary>
/// The demo catalogue of Fernleaf Retail, a fictional UK retailer: services with dependencies, three
/// customers, two suppliers, SLAs, OLAs, UCs and expectations, a UK business-hours calendar and a 24x7 one.
/// </summary>
public static partial class DemoData
{
    /// <summary>
    /// The demo catalogue as YAML, dated from <paramref name="today"/>: the shipped file is a template whose dates are
    /// written relative to the day it is loaded (<c>{{D+70}}</c> a day, <c>{{M-12}}</c> the first of a month, <c>{{E+11}}</c>
    /// the last day of a month, <c>{{m-2}}</c> a month as yyyy-MM, <c>{{Y+1}}</c> a year), so its agreements are in force,
    /// its reviews due and its contracts ending whenever a newcomer starts it; <c>{{holidays}}</c> is England and Wales's
    /// bank holidays of last year, this year and next, from the PublicHoliday library's rules.
    /// </summary>
    public static string Yaml(LocalDate today)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OpenSlm.Demo.fernleaf.yaml")
            ?? throw new InvalidOperationException("The demo data is missing from the build.");
        using var reader = new StreamReader(stream);
        var template = reader.ReadToEnd();
        return Token().Replace(template, match => Render(match, today));
    }

    /// <summary>The demo catalogue as YAML, dated from today (UTC).</summary>
    public static string Yaml() => Yaml(SystemClock.Instance.GetCurrentInstant().InUtc().Date);

    private static string Render(Match match, LocalDate today)
    {
        if (match.Groups["holidays"].Success)
        {
            return Holidays(today.Year - 1, today.Year + 1);
        }
        var n = match.Groups["n"].Success ? int.Parse(match.Groups["n"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var month = new LocalDate(today.Year, today.Month, 1).PlusMonths(n);
        return match.Groups["unit"].Value switch
        {
            "D" => Iso(today.PlusDays(n)),
            "M" => Iso(month),
            "E" => Iso(month.PlusMonths(1).PlusDays(-1)),
            "m" => month.ToString("yyyy'-'MM", CultureInfo.InvariantCulture),
            _ => (today.Year + n).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string Iso(LocalDate date) => date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);

    /// <summary>England and Wales's bank holidays from <paramref name="first"/> to <paramref name="last"/>, as YAML list items.</summary>
    private static string Holidays(int first, int last)
    {
        var rules = new PublicHoliday.UKBankHoliday();
        var lines = new List<string>();
        for (var year = first; year <= last; year++)
        {
            foreach (var (day, names) in rules.PublicHolidayNames(year).OrderBy(h => h.Key))
            {
                var date = LocalDate.FromDateTime(day);
                lines.Add($"    - {{date: {Iso(date)}, name: {Name(date, names[0])}}}");
            }
        }
        return string.Join('\n', lines);

        // The library's short names, as the UK government's list words them; a holiday moved off a weekend says so.
        static string Name(LocalDate date, string name) => name switch
        {
            "New Year" => date.Day == 1 ? "New Year's Day" : "New Year's Day (substitute day)",
            "Christmas" => date.Day == 25 ? "Christmas Day" : "Christmas Day (substitute day)",
            "Boxing Day" => date.Day == 26 ? "Boxing Day" : "Boxing Day (substitute day)",
            "Early May" or "Spring" or "Summer" => $"{name} bank holiday",
            _ => name,
        };
    }

    [GeneratedRegex(@"\{\{(?:(?<holidays>holidays)|(?<unit>[DMEmY])(?<n>[+-]\d{1,3})?)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    /// <summary>The demo catalogue's documents, dated from <paramref name="today"/>.</summary>
    public static IReadOnlyList<Document> Documents(LocalDate today)
    {
        var read = DocumentReader.Read(Yaml(today), "demo/fernleaf.yaml");
        return read.Ok ? read.Documents : throw new InvalidOperationException($"The demo data is invalid: {string.Join("; ", read.Errors)}");
    }

    /// <summary>Applies the demo catalogue dated from <paramref name="today"/> (idempotent: applying it again the same day changes nothing).</summary>
    public static Task<WriteResult> ApplyAsync(CatalogueStore store, string actor, LocalDate today, CancellationToken ct = default) =>
        store.ApplyAsync(Documents(today), new Actor(actor, "demo"), dryRun: false, ct);

    /// <summary>
    /// Loads the demo catalogue unless the store already holds services, then <paramref name="activity"/> (the demo's
    /// measurements and tickets, <see cref="DemoActivity"/>) when given; says what it did.
    /// </summary>
    public static async Task<string> LoadIfEmptyAsync(CatalogueStore store, LocalDate today, Func<Task<string>>? activity = null, CancellationToken ct = default)
    {
        var (existing, _) = await store.ListAsync(ResourceKind.Service, new ListQuery { PageSize = 1, IncludeRetired = true }, ct).ConfigureAwait(false);
        if (existing!.Total > 0)
        {
            return $"not loaded: the store already holds {existing.Total} service(s).";
        }
        var result = await ApplyAsync(store, "demo", today, ct).ConfigureAwait(false);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"The demo data was refused: {string.Join("; ", result.Errors)}");
        }
        var created = $"loaded {result.Changes.Count(c => c.Action == ChangeAction.Created)} records of Fernleaf Retail";
        return activity is null ? created + "." : $"{created} and {await activity().ConfigureAwait(false)} up to now.";
    }
}
