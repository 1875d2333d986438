using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpenSlm.Storage.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    agreement = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    objective = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    open_key = table.Column<int>(type: "integer", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false),
                    evaluation = table.Column<string>(type: "text", nullable: false),
                    opened_at = table.Column<long>(type: "bigint", nullable: false),
                    last_seen_at = table.Column<long>(type: "bigint", nullable: false),
                    acknowledged_at = table.Column<long>(type: "bigint", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    resolved_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "breaches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    agreement = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    objective = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    period_start = table.Column<long>(type: "bigint", nullable: false),
                    period_end = table.Column<long>(type: "bigint", nullable: false),
                    attainment = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: false),
                    target = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: false),
                    recorded_at = table.Column<long>(type: "bigint", nullable: false),
                    root_cause = table.Column<string>(type: "text", nullable: true),
                    actions = table.Column<string>(type: "text", nullable: true),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_breaches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    expires_at = table.Column<long>(type: "bigint", nullable: false)
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
