using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PublishedReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "published_reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    agreement = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    period = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    data_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    snapshot = table.Column<string>(type: "TEXT", nullable: false),
                    published_at = table.Column<long>(type: "INTEGER", nullable: false),
                    published_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_published_reports", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_published_reports_agreement_period_version_data_hash",
                table: "published_reports",
                columns: new[] { "agreement", "period", "version", "data_hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "published_reports");
        }
    }
}
