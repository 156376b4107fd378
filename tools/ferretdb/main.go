// Command ferretdb-launcher runs FerretDB v1 with its SQLite backend as an
// embedded MongoDB-compatible server for Pulseboard's development and tests.
//
// It prints one line "READY <mongodb-uri>" on stdout once it accepts
// connections, and exits on SIGINT/SIGTERM or when its stdin closes, so a
// crashed parent process never leaves an orphaned database behind.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite" // the driver FerretDB itself uses; registered as "sqlite"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free one)")
	dir := flag.String("dir", ".data/db", "directory for the SQLite files")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	watchStdin := flag.Bool("watch-stdin", false, "exit when stdin is closed (the parent died)")
	flag.Parse()

	// FerretDB allocates afresh for every command (BSON to SQLite's JSON and back): at Go's default
	// GOGC=100 about a third of its CPU went to collecting that garbage (four integration test
	// files: 20.5 s of its CPU, 13.2 s with 400). A heap allowed to grow to five times the live data
	// (tens of MB) trades that memory for the CPU; the soft limit makes it collect harder before a
	// large database's heap passes 1 GiB. GOGC and GOMEMLIMIT in the environment still win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("invalid -log-level %q", *logLevel)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// The SQLite files hold every tenant's data: readable by this user only, whatever the umask
	// of the shell that started us (022 would leave them world-readable). Umask covers the files
	// SQLite creates from now on (the databases, their -wal and -shm); older ones are tightened below.
	syscall.Umask(0o077)

	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail("bad -dir: %s", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		fail("cannot create %s: %s", abs, err)
	}
	if err := restrictToOwner(abs); err != nil {
		fail("cannot restrict %s to its owner: %s", abs, err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fail("cannot start FerretDB: %s", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	go indexIDLookups(ctx, abs, logger)

	fmt.Printf("READY %s\n", f.MongoDBURI())
	<-done
}

// FerretDB v1.24 pushes a filter down to SQLite only when it is exactly {_id: <string|ObjectId>},
// as `WHERE _ferretdb_sjson->'$._id' = ?`, but it indexes _id on `_ferretdb_sjson->"_id"`: another
// expression, so SQLite scans the whole table for every find, update or delete by _id (measured:
// 7 ms at 5k documents, growing with the collection). An index on the query's own expression makes
// those look-ups O(log n). It lives beside FerretDB's tables (FerretDB's metadata never lists it,
// and SQLite drops it with its table); new collections get it within a poll interval.
func indexIDLookups(ctx context.Context, dir string, logger *slog.Logger) {
	dbs := map[string]*sql.DB{}
	defer func() {
		for _, db := range dbs {
			_ = db.Close()
		}
	}()
	ticker := time.NewTicker(300 * time.Millisecond)
	defer ticker.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			db, ok := dbs[file]
			if !ok {
				var err error
				db, err = sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
				if err != nil {
					continue
				}
				db.SetMaxOpenConns(1)
				dbs[file] = db
			}
			if err := ensureIDIndexes(ctx, db); err != nil && ctx.Err() == nil {
				logger.Debug("id look-up index", slog.String("file", file), slog.String("error", err.Error()))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func ensureIDIndexes(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT c.table_name FROM _ferretdb_collections c
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || '__pb_id')`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var table string
		if rows.Scan(&table) == nil {
			tables = append(tables, table)
		}
	}
	_ = rows.Close()
	for _, table := range tables {
		quoted := `"` + strings.ReplaceAll(table, `"`, `""`) + `"`
		index := `"` + strings.ReplaceAll(table+"__pb_id", `"`, `""`) + `"`
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (_ferretdb_sjson->'$._id')`, index, quoted)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// restrictToOwner takes group and other access away from dir and the files in it, as created by a
// version that did not set the umask.
func restrictToOwner(dir string) error {
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, entry := range entries {
		info, err := entry.Info()
		if err != nil || !info.Mode().IsRegular() || info.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(filepath.Join(dir, entry.Name()), info.Mode().Perm()&^0o077); err != nil {
			return err
		}
	}
	return nil
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-launcher: "+format+"\n", args...)
	os.Exit(1)
}
