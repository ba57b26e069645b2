using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ResolveAfterPasses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AlertResolveAfterPasses",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertResolveAfterPasses",
                table: "Products",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AlertResolveAfterPasses",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertResolveAfterPasses",
                table: "Products");
        }
    }
}
