package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
)

// FerretDB v1.24 creates a collection in three SQLite statements outside one transaction: CREATE
// TABLE, the row in _ferretdb_collections, then the unique _id index and the row's settings. A
// database killed in between leaves a half-made collection, and FerretDB never mends it:
//   - a table without its row: every later insert into the collection tries to create it again and
//     fails with `table "…" already exists` (docs/reliability.md, finding 11: a tenant's
//     notifications were refused for good);
//   - a row whose settings list no index: the collection takes duplicate _ids, and exactly-once
//     rests on the unique _id.
// Neither can hold a document (FerretDB inserts only once the collection is fully created, under
// its registry's lock), so dropping them loses nothing and lets FerretDB create them again on the
// next insert. Anything half-made that does hold documents is left alone and reported.

const metadataTable = "_ferretdb_collections"

// repairHalfCreatedCollections mends every SQLite database file in dir before FerretDB opens it.
func repairHalfCreatedCollections(ctx context.Context, dir string, logger *slog.Logger) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		return err
	}
	for _, file := range files {
		repaired, err := repairFile(ctx, file)
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(file), err)
		}
		for _, line := range repaired {
			logger.Warn("repaired a half-created collection", slog.String("file", filepath.Base(file)), slog.String("what", line))
		}
	}
	return nil
}

// repairFile returns what it dropped or left, one line each.
func repairFile(ctx context.Context, file string) ([]string, error) {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	var hasMetadata int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, metadataTable).Scan(&hasMetadata); err != nil {
		return nil, err
	}
	if hasMetadata == 0 {
		return nil, nil
	}

	var report []string
	orphans, err := listNames(ctx, db, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE '\_ferretdb\_%' ESCAPE '\' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		AND name NOT IN (SELECT table_name FROM `+quote(metadataTable)+`)`)
	if err != nil {
		return nil, err
	}
	for _, table := range orphans {
		line, err := dropIfEmpty(ctx, db, table, "")
		if err != nil {
			return report, err
		}
		report = append(report, line)
	}

	rows, err := db.QueryContext(ctx, `SELECT name, table_name, settings FROM `+quote(metadataTable))
	if err != nil {
		return report, err
	}
	type entry struct{ name, table, settings string }
	var unindexed []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.name, &e.table, &e.settings); err != nil {
			_ = rows.Close()
			return report, err
		}
		var settings struct {
			Indexes []json.RawMessage `json:"indexes"`
		}
		if json.Unmarshal([]byte(e.settings), &settings) != nil || len(settings.Indexes) == 0 {
			unindexed = append(unindexed, e)
		}
	}
	_ = rows.Close()
	for _, e := range unindexed {
		line, err := dropIfEmpty(ctx, db, e.table, e.name)
		if err != nil {
			return report, err
		}
		report = append(report, line)
	}
	return report, nil
}

// dropIfEmpty drops a half-made collection's table (and its row, when it has one) if it holds nothing.
func dropIfEmpty(ctx context.Context, db *sql.DB, table, collection string) (string, error) {
	what := fmt.Sprintf("table %s without its row in %s", table, metadataTable)
	if collection != "" {
		what = fmt.Sprintf("collection %s (table %s) without its _id index", collection, table)
	}
	var exists int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&exists); err != nil {
		return "", err
	}
	if exists > 0 {
		var count int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+quote(table)).Scan(&count); err != nil {
			return "", err
		}
		if count > 0 {
			return fmt.Sprintf("%s: left as it is, it holds %d document(s)", what, count), nil
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer func() { _ = tx.Rollback() }()
	if collection != "" {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+quote(metadataTable)+` WHERE name = ?`, collection); err != nil {
			return "", err
		}
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS `+quote(table)); err != nil {
		return "", err
	}
	if err := tx.Commit(); err != nil {
		return "", err
	}
	return what + ": dropped (empty); FerretDB creates it again on the next insert", nil
}

func listNames(ctx context.Context, db *sql.DB, query string) ([]string, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
