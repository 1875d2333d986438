using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Rollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "revision",
                table: "series",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "rollups",
                columns: table => new
                {
                    series_id = table.Column<int>(type: "integer", nullable: false),
                    width = table.Column<long>(type: "bigint", nullable: false),
                    end_at = table.Column<long>(type: "bigint", nullable: false),
                    good = table.Column<long>(type: "bigint", nullable: false),
                    total = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rollups", x => new { x.series_id, x.width, x.end_at });
                });

            // Roll up what is already stored (upgrades from a version without rollups). Integer division truncates
            // toward zero, so the bucket end (the ceiling) is computed separately for instants after and before 1970.
            foreach (var width in new[] { 36000000000L, 864000000000L })
            {
                migrationBuilder.Sql(
                    "INSERT INTO rollups (series_id, width, end_at, good, total) " +
                    $"SELECT series_id, {width}, (CASE WHEN at > 0 THEN (at + {width - 1}) / {width} ELSE at / {width} END) * {width}, SUM(good), SUM(total) " +
                    "FROM measurements WHERE total IS NOT NULL GROUP BY 1, 2, 3");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rollups");

            migrationBuilder.DropColumn(
                name: "revision",
                table: "series");
        }
    }
}
