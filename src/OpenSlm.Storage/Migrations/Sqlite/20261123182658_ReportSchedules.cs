using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
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
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_name",
                table: "notifications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_type",
                table: "notifications",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "report_runs",
                columns: table => new
                {
                    schedule = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    due = table.Column<long>(type: "INTEGER", nullable: false),
                    ran_at = table.Column<long>(type: "INTEGER", nullable: false),
                    period = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    published_report = table.Column<long>(type: "INTEGER", nullable: true)
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
