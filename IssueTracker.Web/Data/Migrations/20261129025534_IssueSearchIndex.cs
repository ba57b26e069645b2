using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class IssueSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite only: full-text search over issues (queried by Data/Sqlite/SqliteIssueSearch), kept in step by triggers.
            if (!migrationBuilder.IsSqlite()) return;
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE IssueSearch USING fts5(Key, Title, Description, Comments, tokenize = 'unicode61 remove_diacritics 2');

                INSERT INTO IssueSearch(rowid, Key, Title, Description, Comments)
                SELECT i.rowid, s.Key || '-' || i.Number, i.Title, i.Description,
                (SELECT group_concat(c.Content, ' ') FROM Comments AS c WHERE c.IssueId = i.Id)
                FROM Issues AS i JOIN Spaces AS s ON s.Id = i.SpaceId;

                CREATE TRIGGER IssueSearch_IssueInserted AFTER INSERT ON Issues BEGIN
                INSERT INTO IssueSearch(rowid, Key, Title, Description, Comments)
                VALUES (NEW.rowid, (SELECT Key FROM Spaces WHERE Id = NEW.SpaceId) || '-' || NEW.Number, NEW.Title, NEW.Description, NULL);
                END;

                CREATE TRIGGER IssueSearch_IssueUpdated AFTER UPDATE OF Title, Description ON Issues BEGIN
                UPDATE IssueSearch SET Title = NEW.Title, Description = NEW.Description WHERE rowid = NEW.rowid;
                END;

                CREATE TRIGGER IssueSearch_IssueDeleted AFTER DELETE ON Issues BEGIN
                DELETE FROM IssueSearch WHERE rowid = OLD.rowid;
                END;

                CREATE TRIGGER IssueSearch_CommentInserted AFTER INSERT ON Comments BEGIN
                UPDATE IssueSearch SET Comments = (SELECT group_concat(Content, ' ') FROM Comments WHERE IssueId = NEW.IssueId)
                WHERE rowid = (SELECT rowid FROM Issues WHERE Id = NEW.IssueId);
                END;

                CREATE TRIGGER IssueSearch_CommentUpdated AFTER UPDATE OF Content ON Comments BEGIN
                UPDATE IssueSearch SET Comments = (SELECT group_concat(Content, ' ') FROM Comments WHERE IssueId = NEW.IssueId)
                WHERE rowid = (SELECT rowid FROM Issues WHERE Id = NEW.IssueId);
                END;

                CREATE TRIGGER IssueSearch_CommentDeleted AFTER DELETE ON Comments BEGIN
                UPDATE IssueSearch SET Comments = (SELECT group_concat(Content, ' ') FROM Comments WHERE IssueId = OLD.IssueId)
                WHERE rowid = (SELECT rowid FROM Issues WHERE Id = OLD.IssueId);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (!migrationBuilder.IsSqlite()) return;
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS IssueSearch_CommentDeleted;
                DROP TRIGGER IF EXISTS IssueSearch_CommentUpdated;
                DROP TRIGGER IF EXISTS IssueSearch_CommentInserted;
                DROP TRIGGER IF EXISTS IssueSearch_IssueDeleted;
                DROP TRIGGER IF EXISTS IssueSearch_IssueUpdated;
                DROP TRIGGER IF EXISTS IssueSearch_IssueInserted;
                DROP TABLE IF EXISTS IssueSearch;
                """);
        }
    }
}
