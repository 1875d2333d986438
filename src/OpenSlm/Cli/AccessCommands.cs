using System.CommandLine;
using NodaTime;
using OpenSlm.Access;
using OpenSlm.Core.Access;
using OpenSlm.Storage;
using OpenSlm.Storage.Access;
using OpenSlm.Storage.Catalogue;

namespace OpenSlm.Cli;

/// <summary>
/// <c>slm users</c> and <c>slm tokens</c>: accounts and API tokens on the data directory or database, for the first
/// admin and for administrators at the server. Every change is in the security log as <c>cli:OS-USER</c>.
/// </summary>
internal static class AccessCommands
{
    /// <summary>The option a request field is given with on the command line.</summary>
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        ["name"] = "--name",
        ["expiresInDays"] = "--expires-in-days",
        ["roles"] = "--role",
        ["indicators"] = "--indicator",
    };

    public static Command Users()
    {
        var command = new Command("users", "Manage who signs in: add, list, grant, disable, enable, reset-password. Changes are in the security log.");
        command.Subcommands.Add(AddUser());
        command.Subcommands.Add(ListUsers());
        command.Subcommands.Add(Grant());
        command.Subcommands.Add(SetDisabled("disable", true, "Disable a user: their sessions end and their tokens stop working."));
        command.Subcommands.Add(SetDisabled("enable", false, "Enable a disabled user again."));
        command.Subcommands.Add(ResetPassword());
        return command;
    }

    public static Command Tokens()
    {
        var command = new Command("tokens", "Manage API tokens: create (shown once), list, revoke.");
        command.Subcommands.Add(CreateToken());
        command.Subcommands.Add(ListTokens());
        command.Subcommands.Add(RevokeToken());
        return command;
    }

    private static Option<string[]> RoleOption(bool required) => new("--role")
    {
        Description = $"A role (repeatable): {string.Join(", ", Enum.GetNames<Role>().Where(r => r != nameof(Role.Ingest)))}.",
        Required = required,
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<string[]> CustomerOption() => new("--customer") { Description = "A customer record a Customer acts for (repeatable)." };

    private static Option<string[]> SupplierOption() => new("--supplier") { Description = "A supplier record a Supplier acts for (repeatable)." };

    private static Option<string?> StakeholderOption() => new("--stakeholder") { Description = "The stakeholder record this person is (their RACI roles; a service owner's services)." };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin") { Description = "Read the password from standard input (one line) instead of generating one." };

    private static Command AddUser()
    {
        var name = new Argument<string>("name") { Description = "The user name they sign in with." };
        var roles = RoleOption(required: true);
        var customers = CustomerOption();
        var suppliers = SupplierOption();
        var stakeholder = StakeholderOption();
        var email = new Option<string?>("--email") { Description = "Their e-mail address." };
        var display = new Option<string?>("--display-name") { Description = "The name shown in the UI." };
        var stdin = PasswordStdinOption();
        var noPassword = new Option<bool>("--no-password") { Description = "Create without a password: one who signs in by single sign-on only (until a reset-password)." };
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("add", "Add a local user. Without --password-stdin a password is generated and printed once.")
        {
            name, roles, customers, suppliers, stakeholder, email, display, stdin, noPassword, data, database,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var (grant, errors) = await AccountApi.GrantAsync(parse.GetValue(roles), parse.GetValue(customers), parse.GetValue(suppliers), parse.GetValue(stakeholder),
                services.GetRequiredService<CatalogueStore>(), ct).ConfigureAwait(false);
            if (Failed(errors))
            {
                return 1;
            }
            var (password, generated) = parse.GetValue(noPassword) ? (null, false) : ReadPassword(parse.GetValue(stdin));
            var (user, refused) = await accounts.AddAsync(parse.GetValue(name)!, password, grant, parse.GetValue(email), parse.GetValue(display), Actor(), null, ct: ct).ConfigureAwait(false);
            if (user is null)
            {
                Failed(refused);
                return 1;
            }
            Console.WriteLine($"added {user.UserName}: {UserAccounts.Describe(user.Grant)}");
            if (generated)
            {
                Console.WriteLine($"password (shown once): {password}");
            }
            return 0;
        });
        return command;
    }

    private static Command ListUsers()
    {
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("list", "List users with their roles, state and last sign-in.") { data, database };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            await using var scope = services.CreateAsyncScope();
            var users = await scope.ServiceProvider.GetRequiredService<UserAccounts>().ListAsync(ct).ConfigureAwait(false);
            foreach (var u in users)
            {
                var state = u.Disabled ? "disabled" : u.LockedOutUntil is { } until ? $"locked until {until:u}" : "active";
                Console.WriteLine($"{u.UserName}\t{UserAccounts.Describe(u.Grant)}\t{state}\t{u.Source}\tlast sign-in {(u.LastSignInAt is { } at ? at.ToString() : "never")}");
            }
            if (users.Count == 0)
            {
                Console.WriteLine("no users yet: add the first admin with  slm users add NAME --role Admin");
            }
            return 0;
        });
        return command;
    }

    private static Command Grant()
    {
        var name = new Argument<string>("name") { Description = "The user." };
        var roles = RoleOption(required: true);
        var customers = CustomerOption();
        var suppliers = SupplierOption();
        var stakeholder = StakeholderOption();
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("grant", "Replace a user's roles, customer and supplier records and stakeholder with those given.")
        {
            name, roles, customers, suppliers, stakeholder, data, database,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            if (await FindAsync(accounts, parse.GetValue(name)!).ConfigureAwait(false) is not { } user)
            {
                return 1;
            }
            var (grant, errors) = await AccountApi.GrantAsync(parse.GetValue(roles), parse.GetValue(customers), parse.GetValue(suppliers), parse.GetValue(stakeholder),
                services.GetRequiredService<CatalogueStore>(), ct).ConfigureAwait(false);
            if (Failed(errors) || Failed(await accounts.SetGrantAsync(user, grant, Actor(), null, ct).ConfigureAwait(false)))
            {
                return 1;
            }
            Console.WriteLine($"{user.UserName}: {UserAccounts.Describe(grant)}");
            return 0;
        });
        return command;
    }

    private static Command SetDisabled(string verb, bool disabled, string description)
    {
        var name = new Argument<string>("name") { Description = "The user." };
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command(verb, description) { name, data, database };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            if (await FindAsync(accounts, parse.GetValue(name)!).ConfigureAwait(false) is not { } user)
            {
                return 1;
            }
            await accounts.SetDisabledAsync(user, disabled, Actor(), null, ct).ConfigureAwait(false);
            Console.WriteLine($"{user.UserName} {(disabled ? "disabled" : "enabled")}");
            return 0;
        });
        return command;
    }

    private static Command ResetPassword()
    {
        var name = new Argument<string>("name") { Description = "The user." };
        var stdin = PasswordStdinOption();
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("reset-password", "Set a new password (generated and printed once unless --password-stdin); their sessions end and a lockout is lifted.")
        {
            name, stdin, data, database,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            if (await FindAsync(accounts, parse.GetValue(name)!).ConfigureAwait(false) is not { } user)
            {
                return 1;
            }
            var (password, generated) = ReadPassword(parse.GetValue(stdin));
            if (Failed(await accounts.ResetPasswordAsync(user, password!, Actor(), null, ct).ConfigureAwait(false)))
            {
                return 1;
            }
            Console.WriteLine(generated ? $"new password for {user.UserName} (shown once): {password}" : $"password of {user.UserName} set");
            return 0;
        });
        return command;
    }

    private static Command CreateToken()
    {
        var user = new Option<string>("--user") { Description = "The user the token acts for.", Required = true };
        var name = new Option<string>("--name") { Description = "What it is for (e.g. \"ci apply\").", Required = true };
        var roles = new Option<string[]>("--role") { Description = "A role it carries (repeatable): one the user holds, or Ingest.", Required = true };
        var indicators = new Option<string[]>("--indicator") { Description = "For Ingest: an indicator it may post to (repeatable; '*' for all)." };
        var tickets = new Option<bool>("--tickets") { Description = "For Ingest: it may post ticket updates." };
        var days = new Option<int>("--expires-in-days") { Description = "Days until it stops working (1 to 731).", DefaultValueFactory = _ => AccountApi.DefaultTokenDays };
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("create", "Create an API token and print it once (only its hash is kept). Send it as Authorization: Bearer.")
        {
            user, name, roles, indicators, tickets, days, data, database,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            if (await FindAsync(accounts, parse.GetValue(user)!).ConfigureAwait(false) is not { } owner)
            {
                return 1;
            }
            var request = new TokenRequest(parse.GetValue(name), parse.GetValue(roles), parse.GetValue(indicators), parse.GetValue(tickets), parse.GetValue(days), null);
            var (terms, errors) = await AccountApi.TokenTermsAsync(request, owner, services.GetRequiredService<CatalogueStore>(), ct).ConfigureAwait(false);
            // The same checks as the API's, named by this command's options.
            if (Failed([.. errors.Select(e => (OptionOf.GetValueOrDefault(e.Item1, e.Item1), e.Item2))]))
            {
                return 1;
            }
            var now = SystemClock.Instance.GetCurrentInstant();
            var (text, token) = await services.GetRequiredService<AccessStore>().CreateTokenAsync(owner, terms, Actor(), now, null, ct).ConfigureAwait(false);
            Console.Error.WriteLine($"token #{token.Id} '{token.Name}' for {token.UserName}: {string.Join(", ", token.Roles)}; expires {token.ExpiresAt}. It is shown once:");
            Console.WriteLine(text);
            return 0;
        });
        return command;
    }

    private static Command ListTokens()
    {
        var user = new Option<string?>("--user") { Description = "Only this user's tokens." };
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("list", "List tokens, newest first (never their secrets).") { user, data, database };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            await using var scope = services.CreateAsyncScope();
            string? owner = null;
            if (parse.GetValue(user) is { } named)
            {
                if (await FindAsync(scope.ServiceProvider.GetRequiredService<UserAccounts>(), named).ConfigureAwait(false) is not { } found)
                {
                    return 1;
                }
                owner = found.Id;
            }
            var now = SystemClock.Instance.GetCurrentInstant();
            foreach (var t in await services.GetRequiredService<AccessStore>().ListTokensAsync(owner, ct).ConfigureAwait(false))
            {
                var state = t.RevokedAt is not null ? $"revoked by {t.RevokedBy}" : t.ActiveAt(now) ? "active" : "expired";
                Console.WriteLine($"#{t.Id}\t{t.Name}\t{t.UserName}\t{string.Join(",", t.Roles)}\t{state}\texpires {t.ExpiresAt}\tlast used {(t.LastUsedAt is { } at ? at.ToString() : "never")}");
            }
            return 0;
        });
        return command;
    }

    private static Command RevokeToken()
    {
        var id = new Argument<long>("id") { Description = "The token's number (#ID in tokens list)." };
        var data = Commands.DataOption();
        var database = Commands.DatabaseOption();
        var command = new Command("revoke", "Revoke a token: it stops working at once.") { id, data, database };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await OpenAsync(parse.GetValue(database), parse.GetValue(data), ct).ConfigureAwait(false);
            if (!await services.GetRequiredService<AccessStore>().RevokeTokenAsync(parse.GetValue(id), Actor(), SystemClock.Instance.GetCurrentInstant(), null, ct).ConfigureAwait(false))
            {
                Console.Error.WriteLine($"error: no token #{parse.GetValue(id)} exists.");
                return 1;
            }
            Console.WriteLine($"token #{parse.GetValue(id)} revoked");
            return 0;
        });
        return command;
    }

    private static async Task<ServiceProvider> OpenAsync(string? database, string? data, CancellationToken ct) =>
        AccessServices.ForCli(await Commands.OpenTargetAsync(database, data, ct).ConfigureAwait(false));

    private static async Task<Storage.Entities.UserEntity?> FindAsync(UserAccounts accounts, string name)
    {
        var user = await accounts.FindAsync(name).ConfigureAwait(false);
        if (user is null)
        {
            Console.Error.WriteLine($"error: no user '{name}' exists (slm users list shows them).");
        }
        return user;
    }

    private static (string? Password, bool Generated) ReadPassword(bool fromStdin)
    {
        if (!fromStdin)
        {
            return (AccessServices.NewPassword(), true);
        }
        var line = Console.In.ReadLine();
        return (line is { Length: <= 1000 } ? line : string.Empty, false);
    }

    private static bool Failed(IReadOnlyList<(string Field, string Message)> errors)
    {
        foreach (var (field, message) in errors)
        {
            Console.Error.WriteLine($"error: {field}: {message}");
        }
        return errors.Count > 0;
    }

    private static string Actor() => "cli:" + (Environment.UserName is { Length: > 0 } user ? user : "unknown");
}
