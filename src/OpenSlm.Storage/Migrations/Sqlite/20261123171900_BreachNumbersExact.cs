using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenSlm.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BreachNumbersExact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
