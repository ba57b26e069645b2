using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertIngestion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Issues_AlertId_Status",
                table: "Issues");

            migrationBuilder.AddColumn<bool>(
                name: "AlertAutoOpen",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AlertAutoResolve",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertCustomPriority",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AlertDefaultAssigneeId",
                table: "Spaces",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertDistributionPriority",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertFreshnessPriority",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertNullRatePriority",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertReopenWindowHours",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertSchemaPriority",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertVolumePriority",
                table: "Spaces",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AlertAutoOpen",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AlertAutoResolve",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertCustomPriority",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AlertDefaultAssigneeId",
                table: "Products",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertDistributionPriority",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertFreshnessPriority",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertNullRatePriority",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertReopenWindowHours",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertSchemaPriority",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertVolumePriority",
                table: "Products",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsSystem",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AlertOccurrences",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AlertId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    ObservedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Threshold = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertOccurrences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertOccurrences_Alerts_AlertId",
                        column: x => x.AlertId,
                        principalTable: "Alerts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Issues_AlertId_CreatedAt",
                table: "Issues",
                columns: new[] { "AlertId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_ProductId_Status_LastSeenAt",
                table: "Alerts",
                columns: new[] { "ProductId", "Status", "LastSeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_SpaceId_Kind_LastSeenAt",
                table: "Alerts",
                columns: new[] { "SpaceId", "Kind", "LastSeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AlertOccurrences_AlertId_ReceivedAt",
                table: "AlertOccurrences",
                columns: new[] { "AlertId", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertOccurrences");

            migrationBuilder.DropIndex(
                name: "IX_Issues_AlertId_CreatedAt",
                table: "Issues");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_ProductId_Status_LastSeenAt",
                table: "Alerts");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_SpaceId_Kind_LastSeenAt",
                table: "Alerts");

            migrationBuilder.DropColumn(
                name: "AlertAutoOpen",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertAutoResolve",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertCustomPriority",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertDefaultAssigneeId",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertDistributionPriority",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertFreshnessPriority",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertNullRatePriority",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertReopenWindowHours",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertSchemaPriority",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertVolumePriority",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AlertAutoOpen",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "AlertAutoResolve",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "AlertCustomPriority",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "AlertDefaultAssigneeId",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "AlertDistributionPriority",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "AlertFreshnessPriority",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "AlertNullRatePriority",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "AlertReopenWindowHours",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "AlertSchemaPriority",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "AlertVolumePriority",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "IsSystem",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "IX_Issues_AlertId_Status",
                table: "Issues",
                columns: new[] { "AlertId", "Status" });
        }
    }
}
