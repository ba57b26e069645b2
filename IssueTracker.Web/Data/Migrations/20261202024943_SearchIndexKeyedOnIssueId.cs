using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IssueTracker.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SearchIndexKeyedOnIssueId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite only. The search rows were keyed on the Issues table's implicit rowid, which VACUUM may renumber
            // (the table's key is a UUID); a renumbered rowid would find or change another issue's text. Each issue now
            // gets a search key in IssueSearchKeys, whose INTEGER PRIMARY KEY is its stable rowid.
            if (!migrationBuilder.IsSqlite()) return;
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS IssueSearch_CommentDeleted;
                DROP TRIGGER IF EXISTS IssueSearch_CommentUpdated;
                DROP TRIGGER IF EXISTS IssueSearch_CommentInserted;
                DROP TRIGGER IF EXISTS IssueSearch_IssueDeleted;
                DROP TRIGGER IF EXISTS IssueSearch_IssueUpdated;
                DROP TRIGGER IF EXISTS IssueSearch_IssueInserted;
                DROP TABLE IF EXISTS IssueSearch;

                CREATE TABLE IssueSearchKeys (RowId INTEGER PRIMARY KEY, IssueId TEXT NOT NULL UNIQUE);
                CREATE VIRTUAL TABLE IssueSearch USING fts5(Key, Title, Description, Comments, tokenize = 'unicode61 remove_diacritics 2');

                INSERT INTO IssueSearchKeys(IssueId) SELECT Id FROM Issues;
                INSERT INTO IssueSearch(rowid, Key, Title, Description, Comments)
                SELECT k.RowId, s.Key || '-' || i.Number, i.Title, i.Description,
                       (SELECT group_concat(c.Content, ' ') FROM Comments AS c WHERE c.IssueId = i.Id)
                FROM Issues AS i JOIN Spaces AS s ON s.Id = i.SpaceId JOIN IssueSearchKeys AS k ON k.IssueId = i.Id;

                CREATE TRIGGER IssueSearch_IssueInserted AFTER INSERT ON Issues BEGIN
                    INSERT INTO IssueSearchKeys(IssueId) VALUES (NEW.Id);
                    INSERT INTO IssueSearch(rowid, Key, Title, Description, Comments)
                    VALUES (last_insert_rowid(), (SELECT Key FROM Spaces WHERE Id = NEW.SpaceId) || '-' || NEW.Number, NEW.Title, NEW.Description, NULL);
                END;
                CREATE TRIGGER IssueSearch_IssueUpdated AFTER UPDATE OF Title, Description ON Issues BEGIN
                    UPDATE IssueSearch SET Title = NEW.Title, Description = NEW.Description
                    WHERE rowid = (SELECT RowId FROM IssueSearchKeys WHERE IssueId = NEW.Id);
                END;
                CREATE TRIGGER IssueSearch_IssueDeleted AFTER DELETE ON Issues BEGIN
                    DELETE FROM IssueSearch WHERE rowid = (SELECT RowId FROM IssueSearchKeys WHERE IssueId = OLD.Id);
                    DELETE FROM IssueSearchKeys WHERE IssueId = OLD.Id;
                END;
                CREATE TRIGGER IssueSearch_CommentInserted AFTER INSERT ON Comments BEGIN
                    UPDATE IssueSearch SET Comments = (SELECT group_concat(Content, ' ') FROM Comments WHERE IssueId = NEW.IssueId)
                    WHERE rowid = (SELECT RowId FROM IssueSearchKeys WHERE IssueId = NEW.IssueId);
                END;
                CREATE TRIGGER IssueSearch_CommentUpdated AFTER UPDATE OF Content ON Comments BEGIN
                    UPDATE IssueSearch SET Comments = (SELECT group_concat(Content, ' ') FROM Comments WHERE IssueId = NEW.IssueId)
                    WHERE rowid = (SELECT RowId FROM IssueSearchKeys WHERE IssueId = NEW.IssueId);
                END;
                CREATE TRIGGER IssueSearch_CommentDeleted AFTER DELETE ON Comments BEGIN
                    UPDATE IssueSearch SET Comments = (SELECT group_concat(Content, ' ') FROM Comments WHERE IssueId = OLD.IssueId)
                    WHERE rowid = (SELECT RowId FROM IssueSearchKeys WHERE IssueId = OLD.IssueId);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the rowid-keyed index of IssueSearchIndex.
            if (!migrationBuilder.IsSqlite()) return;
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS IssueSearch_CommentDeleted;
                DROP TRIGGER IF EXISTS IssueSearch_CommentUpdated;
                DROP TRIGGER IF EXISTS IssueSearch_CommentInserted;
                DROP TRIGGER IF EXISTS IssueSearch_IssueDeleted;
                DROP TRIGGER IF EXISTS IssueSearch_IssueUpdated;
                DROP TRIGGER IF EXISTS IssueSearch_IssueInserted;
                DROP TABLE IF EXISTS IssueSearch;
                DROP TABLE IF EXISTS IssueSearchKeys;
                """);
            new IssueSearchIndex { ActiveProvider = migrationBuilder.ActiveProvider }.UpOperations.ToList().ForEach(migrationBuilder.Operations.Add);
        }
    }
}
