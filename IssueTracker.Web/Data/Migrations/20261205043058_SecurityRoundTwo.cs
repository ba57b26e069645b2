using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SecurityRoundTwo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DisabledReason",
                table: "Webhooks",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FailingSince",
                table: "Webhooks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousProtectedSecret",
                table: "Webhooks",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PreviousSecretUntil",
                table: "Webhooks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ParentId",
                table: "PersonalAccessTokens",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CommentId",
                table: "Notifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OtherSpaceIds",
                table: "ChangeEvents",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Webhooks_CreatedById",
                table: "Webhooks",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_PersonalAccessTokens_ParentId",
                table: "PersonalAccessTokens",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_CommentId",
                table: "Notifications",
                column: "CommentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Webhooks_CreatedById",
                table: "Webhooks");

            migrationBuilder.DropIndex(
                name: "IX_PersonalAccessTokens_ParentId",
                table: "PersonalAccessTokens");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_CommentId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "DisabledReason",
                table: "Webhooks");

            migrationBuilder.DropColumn(
                name: "FailingSince",
                table: "Webhooks");

            migrationBuilder.DropColumn(
                name: "PreviousProtectedSecret",
                table: "Webhooks");

            migrationBuilder.DropColumn(
                name: "PreviousSecretUntil",
                table: "Webhooks");

            migrationBuilder.DropColumn(
                name: "ParentId",
                table: "PersonalAccessTokens");

            migrationBuilder.DropColumn(
                name: "CommentId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "OtherSpaceIds",
                table: "ChangeEvents");
        }
    }
}
