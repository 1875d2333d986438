using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TicketClocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ticket_clocks",
                columns: table => new
                {
                    ticket = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    policy = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    policy_version = table.Column<int>(type: "INTEGER", nullable: false),
                    priority = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    stopped_at = table.Column<long>(type: "INTEGER", nullable: true),
                    target = table.Column<long>(type: "INTEGER", nullable: false),
                    elapsed = table.Column<long>(type: "INTEGER", nullable: false),
                    paused = table.Column<long>(type: "INTEGER", nullable: false),
                    deadline = table.Column<long>(type: "INTEGER", nullable: true),
                    breached_at = table.Column<long>(type: "INTEGER", nullable: true),
                    warnings = table.Column<string>(type: "TEXT", nullable: false),
                    read_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ticket_clocks", x => new { x.ticket, x.policy });
                });

            migrationBuilder.CreateTable(
                name: "ticket_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ticket = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    fields = table.Column<string>(type: "TEXT", nullable: false),
                    digest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ticket_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ticket_policy_versions",
                columns: table => new
                {
                    policy = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    digest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    spec = table.Column<string>(type: "TEXT", nullable: false),
                    calendar = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ticket_policy_versions", x => new { x.policy, x.version });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ticket_clocks_policy_state",
                table: "ticket_clocks",
                columns: new[] { "policy", "state" });

            migrationBuilder.CreateIndex(
                name: "IX_ticket_events_ticket_at_digest",
                table: "ticket_events",
                columns: new[] { "ticket", "at", "digest" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ticket_clocks");

            migrationBuilder.DropTable(
                name: "ticket_events");

            migrationBuilder.DropTable(
                name: "ticket_policy_versions");
        }
    }
}
