using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "attachment",
                table: "notifications",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_name",
                table: "notifications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_type",
                table: "notifications",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "report_runs",
                columns: table => new
                {
                    schedule = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    due = table.Column<long>(type: "bigint", nullable: false),
                    ran_at = table.Column<long>(type: "bigint", nullable: false),
                    period = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    published_report = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_runs", x => new { x.schedule, x.due });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_runs");

            migrationBuilder.DropColumn(
                name: "attachment",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "attachment_name",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "attachment_type",
                table: "notifications");
        }
    }
}
