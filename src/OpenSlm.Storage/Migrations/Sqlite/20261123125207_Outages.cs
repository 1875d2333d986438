using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Outages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outages",
                columns: table => new
                {
                    series_id = table.Column<int>(type: "INTEGER", nullable: false),
                    start_at = table.Column<long>(type: "INTEGER", nullable: false),
                    end_at = table.Column<long>(type: "INTEGER", nullable: true),
                    reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outages", x => new { x.series_id, x.start_at });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outages");
        }
    }
}
