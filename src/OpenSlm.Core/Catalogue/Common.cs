using System.Globalization;
using OpenSlm.Core.Validation;

namespace OpenSlm.Core.Catalogue;

/// <summary>The RACI role a stakeholder holds on a service or an agreement.</summary>
public enum RaciRole
{
    /// <summary>Does the work: warned first when delivery deteriorates.</summary>
    Responsible,

    /// <summary>Answers for the outcome: warned of breaches and signs agreements.</summary>
    Accountable,

    /// <summary>Asked before decisions.</summary>
    Consulted,

    /// <summary>Kept informed: receives reports.</summary>
    Informed,
}

/// <summary>A stakeholder's role on the record that lists it.</summary>
public sealed record RoleAssignment
{
    /// <summary>The stakeholder's name.</summary>
    public string Stakeholder { get; init; } = string.Empty;

    /// <summary>The role held.</summary>
    public RaciRole Role { get; init; }

    internal void Validate(Problems p)
    {
        if (ResourceName.Check(Stakeholder) is { } error)
        {
            p.Add("stakeholder", error);
        }
    }
}

/// <summary>An amount of money in an ISO 4217 currency.</summary>
public sealed record Money
{
    /// <summary>The amount, zero or more.</summary>
    public decimal Amount { get; init; }

    /// <summary>Three upper-case letters, for example GBP, EUR, USD.</summary>
    public string Currency { get; init; } = string.Empty;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount:0.##} {Currency}");

    internal void Validate(Problems p)
    {
        if (Amount < 0)
        {
            p.Add("amount", $"must be zero or more, not {Amount.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper))
        {
            p.Add("currency", $"'{Currency}' is not an ISO 4217 code: expected three upper-case letters such as GBP, EUR or USD.");
        }
        else if (!Currencies.Codes.Contains(Currency))
        {
            p.Add("currency", $"'{Currency}' is not a currency of ISO 4217: expected a code in use, such as GBP, EUR or USD.");
        }
    }
}

/// <summary>Validation helpers shared by the specs.</summary>
internal static class Checks
{
    public static void Names(Problems p, string field, IReadOnlyList<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (ResourceName.Check(names[i]) is { } error)
            {
                p.At(field).At(i).Add(error);
            }
            else if (!seen.Add(names[i]))
            {
                p.At(field).At(i).Add($"'{names[i]}' is listed twice.");
            }
        }
    }

    public static void OptionalName(Problems p, string field, string? name)
    {
        if (name is not null && ResourceName.Check(name) is { } error)
        {
            p.Add(field, error);
        }
    }

    public static void Roles(Problems p, IReadOnlyList<RoleAssignment> roles)
    {
        var seen = new HashSet<(string, RaciRole)>();
        for (var i = 0; i < roles.Count; i++)
        {
            roles[i].Validate(p.At("stakeholders").At(i));
            if (!seen.Add((roles[i].Stakeholder, roles[i].Role)))
            {
                p.At("stakeholders").At(i).Add($"'{roles[i].Stakeholder}' already holds the role {roles[i].Role}.");
            }
        }
    }

    public static void Email(Problems p, string field, string? email)
    {
        if (email is null)
        {
            return;
        }
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1 || email.Any(char.IsWhiteSpace))
        {
            p.Add(field, $"'{email}' is not an e-mail address: expected name@domain.");
        }
    }
}
