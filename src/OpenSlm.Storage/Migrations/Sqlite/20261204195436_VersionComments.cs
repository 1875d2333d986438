using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VersionComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "version_comments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    agreement = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    term = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    @internal = table.Column<bool>(name: "internal", type: "INTEGER", nullable: false),
                    author = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    stakeholder = table.Column<string>(type: "TEXT", maxLength: 63, nullable: true),
                    written_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_version_comments", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_version_comments_agreement_version",
                table: "version_comments",
                columns: new[] { "agreement", "version" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "version_comments");
        }
    }
}
