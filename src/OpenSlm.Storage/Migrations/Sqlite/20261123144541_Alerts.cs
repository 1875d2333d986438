using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    agreement = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    objective = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    open_key = table.Column<int>(type: "INTEGER", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    evaluation = table.Column<string>(type: "TEXT", nullable: false),
                    opened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    acknowledged_at = table.Column<long>(type: "INTEGER", nullable: true),
                    acknowledged_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "breaches",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    agreement = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    objective = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    period_start = table.Column<long>(type: "INTEGER", nullable: false),
                    period_end = table.Column<long>(type: "INTEGER", nullable: false),
                    attainment = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: false),
                    target = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    root_cause = table.Column<string>(type: "TEXT", nullable: true),
                    actions = table.Column<string>(type: "TEXT", nullable: true),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_breaches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leases", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_agreement_objective_kind_severity_open_key",
                table: "alerts",
                columns: new[] { "agreement", "objective", "kind", "severity", "open_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alerts_state_opened_at",
                table: "alerts",
                columns: new[] { "state", "opened_at" });

            migrationBuilder.CreateIndex(
                name: "IX_breaches_agreement_objective_period_start",
                table: "breaches",
                columns: new[] { "agreement", "objective", "period_start" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "breaches");

            migrationBuilder.DropTable(
                name: "leases");
        }
    }
}
